import { dateParts, isLeapYear, type LocalDate, localDate } from '../model/time.ts';

/**
 * The next birthday on or after `today`. Someone born on 29 February celebrates on 28 February in
 * a common year (the last day of their birth month), which is how Russian civil practice counts age.
 */
export function nextBirthday(birthDate: LocalDate, today: LocalDate): LocalDate {
  const birth = dateParts(birthDate);
  const now = dateParts(today);
  const candidate = birthdayInYear(birth.month, birth.day, now.year);
  return candidate >= today ? candidate : birthdayInYear(birth.month, birth.day, now.year + 1);
}

/** The earliest next birthday among several people, or null when no birth date is known. */
export function nearestBirthday(
  birthDates: readonly (LocalDate | null)[],
  today: LocalDate,
): LocalDate | null {
  let nearest: LocalDate | null = null;
  for (const birthDate of birthDates) {
    if (!birthDate) continue;
    const next = nextBirthday(birthDate, today);
    if (nearest === null || next < nearest) nearest = next;
  }
  return nearest;
}

function birthdayInYear(month: number, day: number, year: number): LocalDate {
  if (month === 2 && day === 29 && !isLeapYear(year)) return localDate(year, 2, 28);
  return localDate(year, month, day);
}
