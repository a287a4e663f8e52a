/** Russian names: first names, surnames in both genders, patronymics, diminutives, Latin spelling. */
import type { Gender } from './model.ts';

const words = (text: string): readonly string[] => text.split(/\s+/).filter(Boolean);

export const MALE_NAMES = words(`
  Александр Дмитрий Максим Сергей Андрей Алексей Артём Илья Кирилл Михаил Никита Матвей
  Роман Егор Арсений Иван Денис Евгений Даниил Тимофей Владислав Игорь Владимир Павел
  Руслан Марк Константин Тимур Олег Ярослав Антон Николай Глеб Савелий Вадим Степан Юрий
  Богдан Артур Семён Макар Лев Виктор Елисей Виталий Вячеслав Захар Мирон Георгий Платон
  Анатолий Григорий Демид Станислав Василий Фёдор Леонид Пётр Геннадий Валерий
`);

export const FEMALE_NAMES = words(`
  Анастасия Анна Мария Елена Дарья Алина Ирина Екатерина Арина Полина Ольга Юлия Татьяна
  Наталья Виктория Елизавета Ксения Милана Вероника Алиса Валерия Александра Ульяна
  Кристина София Маргарита Диана Варвара Марина Светлана Ангелина Василиса Евгения Алёна
  Ева Кира Яна Вера Софья Любовь Надежда Людмила Галина Оксана Валентина Таисия Есения
  Злата Мирослава Майя
`);

/** Surnames as [male, female]; most follow -ов/-ова, some do not change at all. */
const SURNAME_STEMS = words(`
  Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов
  Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев
  Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв
  Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков
  Сорокин Виноградов Ковалёв Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров
  Давыдов Беляев Герасимов Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов
  Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов Казаков Афанасьев Данилов
  Савельев Тимофеев Фомин Чернов Абрамов
`);
const SURNAMES_SKY = words(`
  Вишневский Островский Соколовский Покровский Жуковский
`);
const SURNAMES_SAME = words(`
  Шевченко Коваленко Бондаренко Ким Ткаченко Черных
`);

export const SURNAMES: readonly (readonly [string, string])[] = [
  ...SURNAME_STEMS.map((stem) => [stem, `${stem}а`] as const),
  ...SURNAMES_SKY.map((male) => [male, `${male.slice(0, -2)}ая`] as const),
  ...SURNAMES_SAME.map((name) => [name, name] as const),
];

export function surnameFor(pair: readonly [string, string], gender: Gender): string {
  return gender === 'male' ? pair[0] : pair[1];
}

/** The surname pair a given surname belongs to, so children take the family name in their gender. */
export function surnamePairOf(surname: string): readonly [string, string] | undefined {
  return SURNAMES.find(([male, female]) => male === surname || female === surname);
}

const IRREGULAR_PATRONYMICS: Record<string, readonly [string, string]> = {
  Илья: ['Ильич', 'Ильинична'],
  Никита: ['Никитич', 'Никитична'],
  Лев: ['Львович', 'Львовна'],
  Пётр: ['Петрович', 'Петровна'],
  Павел: ['Павлович', 'Павловна'],
  Михаил: ['Михайлович', 'Михайловна'],
};

const VOWELS = 'аеёиоуыэюяАЕЁИОУЫЭЮЯ';

function patronymicStem(name: string): string {
  if (name.endsWith('ий')) {
    // Юрий → Юрьев-, but Дмитрий → Дмитриев-, Георгий → Георгиев- (two consonants before -ий).
    const beforeLast = name.at(-4) ?? '';
    return `${name.slice(0, -2)}${VOWELS.includes(beforeLast) ? 'ьев' : 'иев'}`;
  }
  if (name.endsWith('й')) return `${name.slice(0, -1)}ев`;
  if (name.endsWith('ь')) return `${name.slice(0, -1)}ев`;
  return `${name}ов`;
}

/** The patronymic a child of a man named `fatherName` carries. */
export function patronymic(fatherName: string, gender: Gender): string {
  const irregular = IRREGULAR_PATRONYMICS[fatherName];
  if (irregular) return gender === 'male' ? irregular[0] : irregular[1];
  const stem = patronymicStem(fatherName);
  return gender === 'male' ? `${stem}ич` : `${stem}на`;
}

/** How people introduce themselves at a cash desk; a later edit corrects them to the full name. */
export const DIMINUTIVES: Record<string, string> = {
  Александр: 'Саша',
  Александра: 'Саша',
  Дмитрий: 'Дима',
  Михаил: 'Миша',
  Сергей: 'Серёжа',
  Алексей: 'Лёша',
  Евгений: 'Женя',
  Евгения: 'Женя',
  Екатерина: 'Катя',
  Анастасия: 'Настя',
  Мария: 'Маша',
  Елена: 'Лена',
  Наталья: 'Наташа',
  Татьяна: 'Таня',
  Ольга: 'Оля',
  Юлия: 'Юля',
};

/** The full name behind a diminutive, for the given gender. */
export function fullNameOf(diminutive: string, gender: Gender | undefined): string | undefined {
  const names: readonly string[] = gender === 'female' ? FEMALE_NAMES : MALE_NAMES;
  return Object.entries(DIMINUTIVES).find(
    ([full, short]) => short === diminutive && names.includes(full),
  )?.[0];
}

const LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** Russian to plain Latin letters, as people spell their names in e-mail addresses. */
export function transliterate(text: string): string {
  return [...text.toLowerCase()].map((char) => LATIN[char] ?? (/[a-z0-9]/.test(char) ? char : '')).join('');
}
