/** Makes up the people of a venue: names, birth dates, phones as typed, e-mails, cards. */
import type { Client, FamilyRelation, Gender, RegistrationChannel } from './model.ts';
import {
  DIMINUTIVES,
  FEMALE_NAMES,
  MALE_NAMES,
  patronymic,
  SURNAMES,
  surnameFor,
  surnamePairOf,
  transliterate,
} from './names.ts';
import type { Prng } from './prng.ts';
import { nextCardNumber, nextClientId, type VenueDb } from './state-store.ts';

// Real Russian mobile codes (MTS, MegaFon, Beeline, Tele2, Yota).
const MOBILE_CODES = `
  900 901 902 903 904 905 906 908 909 910 911 912 913 914 915 916 917 918 919 920 921 922
  923 924 925 926 927 928 929 930 931 932 933 934 936 937 938 939 950 951 952 953 958 960
  961 962 963 964 965 966 967 968 969 977 980 981 982 983 984 985 986 987 988 989 991 992
  993 994 995 996 997 999
`
  .split(/\s+/)
  .filter(Boolean);

/** The ways people type the same number `9123456789`. */
export const PHONE_FORMATS: readonly ((code: string, rest: string) => string)[] = [
  (c, r) => `8 (${c}) ${r.slice(0, 3)}-${r.slice(3, 5)}-${r.slice(5)}`,
  (c, r) => `+7 ${c} ${r}`,
  (c, r) => `${c}${r}`,
  (c, r) => `+7${c}${r}`,
  (c, r) => `8${c}${r}`,
  (c, r) => `8-${c}-${r.slice(0, 3)}-${r.slice(3, 5)}-${r.slice(5)}`,
  (c, r) => `+7 (${c}) ${r.slice(0, 3)}-${r.slice(3, 5)}-${r.slice(5)}`,
  (c, r) => `8 ${c} ${r.slice(0, 3)} ${r.slice(3, 5)} ${r.slice(5)}`,
];

export function randomPhone(prng: Prng): string {
  const code = prng.pick(MOBILE_CODES);
  const rest = String(prng.int(0, 9_999_999)).padStart(7, '0');
  return prng.pick(PHONE_FORMATS)(code, rest);
}

const MAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['mail.ru', 30],
  ['yandex.ru', 30],
  ['gmail.com', 20],
  ['bk.ru', 6],
  ['inbox.ru', 5],
  ['list.ru', 5],
  ['rambler.ru', 4],
];

export function randomEmail(prng: Prng, firstName: string, lastName: string, birthYear: number): string {
  const first = transliterate(firstName);
  const last = transliterate(lastName);
  const local = prng.pick([
    `${first}.${last}`,
    `${last}.${first}`,
    `${first[0]}.${last}`,
    `${last}${String(birthYear).slice(2)}`,
    `${first}_${last}${prng.int(1, 99)}`,
    `${first}${birthYear}`,
  ]);
  return `${local}@${prng.weighted(MAIL_DOMAINS)}`;
}

const pad = (value: number): string => String(value).padStart(2, '0');
const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * A birth date for someone aged `minAge..maxAge` on `today` (`YYYY-MM-DD`). Children get the
 * awkward dates on purpose: 29 February and the days around New Year.
 */
export function randomBirthDate(
  prng: Prng,
  today: string,
  minAge: number,
  maxAge: number,
  awkward = 0,
): string {
  const currentYear = Number(today.slice(0, 4));
  const roll = prng.next();
  let date: string;
  if (roll < awkward * 0.25) {
    const leapYears = [];
    for (let year = currentYear - maxAge; year <= currentYear - minAge; year++)
      if (isLeap(year)) leapYears.push(year);
    date =
      leapYears.length > 0 ? `${prng.pick(leapYears)}-02-29` : plainDate(prng, currentYear, minAge, maxAge);
  } else if (roll < awkward) {
    const year = currentYear - prng.int(minAge, maxAge);
    date = prng.chance(0.6) ? `${year}-12-${pad(prng.int(20, 31))}` : `${year}-01-${pad(prng.int(1, 10))}`;
  } else {
    date = plainDate(prng, currentYear, minAge, maxAge);
  }
  // Never born in the future: shift such a date back by a year (29 Feb stays a leap day).
  if (date >= today)
    date = date.endsWith('02-29')
      ? `${Number(date.slice(0, 4)) - 4}-02-29`
      : `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;
  return date;
}

function plainDate(prng: Prng, currentYear: number, minAge: number, maxAge: number): string {
  const year = currentYear - prng.int(minAge, maxAge);
  const month = prng.int(1, 12);
  return `${year}-${pad(month)}-${pad(prng.int(1, daysIn(year, month)))}`;
}

const ADULT_CHANNELS: readonly (readonly [RegistrationChannel, number])[] = [
  ['cashdesk', 50],
  ['mobile_app', 25],
  ['website', 20],
  ['other', 5],
];

function firstNameFor(prng: Prng, gender: Gender): string {
  return prng.pick(gender === 'male' ? MALE_NAMES : FEMALE_NAMES);
}

/** A new adult client as registered through `channel` (with the small sloppiness of real forms). */
export function makeAdult(db: VenueDb, prng: Prng, today: string, channel?: RegistrationChannel): Client {
  const gender: Gender = prng.chance(0.62) ? 'female' : 'male';
  const registrationChannel = channel ?? prng.weighted(ADULT_CHANNELS);
  const properName = firstNameFor(prng, gender);
  const lastName = surnameFor(prng.pick(SURNAMES), gender);
  const birthDate = randomBirthDate(prng, today, 20, 72);
  const online = registrationChannel !== 'cashdesk';
  let firstName = properName;
  const diminutive = DIMINUTIVES[properName];
  if (diminutive && prng.chance(0.15)) firstName = diminutive;
  else if (online && prng.chance(0.05)) firstName = properName.toLowerCase();
  const client: Client = {
    clientId: nextClientId(db),
    firstName,
    lastName,
    category: 'adult',
    registrationChannel,
    cards: [],
    marketingConsent: prng.chance(0.6),
  };
  if (!online || prng.chance(0.5)) client.middleName = patronymic(prng.pick(MALE_NAMES), gender);
  if (prng.chance(0.9)) client.birthDate = birthDate;
  if (prng.chance(0.85)) client.gender = gender;
  if (prng.chance(online ? 0.98 : 0.85)) client.phone = randomPhone(prng);
  if (prng.chance(online ? 0.9 : 0.55))
    client.email = randomEmail(prng, properName, lastName, Number(birthDate.slice(0, 4)));
  if (registrationChannel === 'cashdesk' || prng.chance(0.3)) client.cards.push(nextCardNumber(db));
  if (prng.chance(0.05)) client.cards.push(nextCardNumber(db));
  return client;
}

const RELATIONS: readonly (readonly [FamilyRelation, number])[] = [
  ['child', 85],
  ['grandchild', 11],
  ['ward', 4],
];

/** A child registered by `parent`, with the family name and patronymic a child of theirs would carry. */
export function makeChild(
  db: VenueDb,
  prng: Prng,
  today: string,
  parent: Client,
): { child: Client; relation: FamilyRelation } {
  const relation = prng.weighted(RELATIONS);
  const gender: Gender = prng.chance(0.5) ? 'female' : 'male';
  const family =
    relation === 'ward' ? undefined : parent.lastName ? surnamePairOf(parent.lastName) : undefined;
  const keepsName = relation === 'child' || prng.chance(0.5);
  const pair = family && keepsName ? family : prng.pick(SURNAMES);
  const isFather = relation === 'child' && parent.gender === 'male' && MALE_NAMES.includes(parent.firstName);
  const father = isFather ? parent.firstName : prng.pick(MALE_NAMES);
  const child: Client = {
    clientId: nextClientId(db),
    firstName: firstNameFor(prng, gender),
    lastName: surnameFor(pair, gender),
    middleName: patronymic(father, gender),
    birthDate: randomBirthDate(prng, today, 1, 13, 0.22),
    gender,
    category: 'child',
    registrationChannel: parent.registrationChannel === 'other' ? 'cashdesk' : parent.registrationChannel,
    cards: prng.chance(0.35) ? [nextCardNumber(db)] : [],
    marketingConsent: false,
  };
  const age = Number(today.slice(0, 4)) - Number(child.birthDate?.slice(0, 4));
  if (age >= 11 && prng.chance(0.3)) child.phone = randomPhone(prng);
  return { child, relation };
}
