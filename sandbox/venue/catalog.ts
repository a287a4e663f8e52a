/** What each kind of venue sells and where: products (prices in roubles) and service points. */
import type { ProductKind, ServicePoint, VenueType } from './model.ts';

export interface CatalogItem {
  name: string;
  group: string;
  kind: ProductKind;
  roubles: number;
  sku: string;
}

export interface VenueCatalog {
  type: VenueType;
  name: string;
  /** Prefix of product ids and SKUs. */
  code: string;
  products: readonly CatalogItem[];
  /** Products the venue may add during the day (seasonal offers and the like). */
  extras: readonly CatalogItem[];
  servicePoints: readonly ServicePoint[];
}

const item = (kind: ProductKind, group: string, name: string, roubles: number, sku: string): CatalogItem => ({
  kind,
  group,
  name,
  roubles,
  sku,
});

const deposits = (code: string, amounts: readonly number[]): CatalogItem[] =>
  amounts.map((roubles) =>
    item('deposit', 'Депозит', `Пополнение депозита ${roubles} ₽`, roubles, `${code}-DEP-${roubles}`),
  );

const onlinePoints: readonly ServicePoint[] = [
  { id: 'web', name: 'Сайт', kind: 'website' },
  { id: 'app', name: 'Мобильное приложение', kind: 'mobile_app' },
];

const WATER_PARK: VenueCatalog = {
  type: 'water_park',
  name: 'Аквапарк «Лайм Волна»',
  code: 'WP',
  products: [
    item('ticket', 'Билеты', 'Взрослый билет, 3 часа', 1900, 'WP-TKT-A3'),
    item('ticket', 'Билеты', 'Взрослый билет, весь день', 2900, 'WP-TKT-AD'),
    item('ticket', 'Билеты', 'Детский билет (4–12 лет), 3 часа', 1300, 'WP-TKT-C3'),
    item('ticket', 'Билеты', 'Детский билет (4–12 лет), весь день', 1900, 'WP-TKT-CD'),
    item('ticket', 'Билеты', 'Семейный билет (2+2), весь день', 7900, 'WP-TKT-FAM'),
    item('ticket', 'Билеты', 'Вечерний билет после 19:00', 1200, 'WP-TKT-EVE'),
    item('ticket', 'Абонементы', 'Абонемент на 8 посещений', 12000, 'WP-PASS-8'),
    item('ticket', 'Абонементы', 'Безлимитный абонемент на месяц', 15000, 'WP-PASS-M'),
    item('service', 'Услуги', 'Аренда полотенца', 250, 'WP-SRV-TOWEL'),
    item('service', 'Услуги', 'Аренда халата', 400, 'WP-SRV-ROBE'),
    item('service', 'Услуги', 'Сауна, 1 час', 800, 'WP-SRV-SAUNA'),
    item('service', 'Услуги', 'Массаж спины, 30 минут', 2200, 'WP-SRV-MASSAGE'),
    item('service', 'Праздники', 'Комната для дня рождения, 2 часа', 6000, 'WP-SRV-PARTY'),
    item('good', 'Товары', 'Шапочка для плавания', 450, 'WP-GD-CAP'),
    item('good', 'Товары', 'Очки для плавания', 950, 'WP-GD-GOGGLES'),
    item('good', 'Товары', 'Нарукавники детские', 600, 'WP-GD-ARMBANDS'),
    item('good', 'Кафе', 'Вода питьевая 0,5 л', 120, 'WP-GD-WATER'),
    ...deposits('WP', [1000, 3000, 5000]),
  ],
  extras: [
    item('ticket', 'Билеты', 'Новогодний билет, весь день', 3500, 'WP-TKT-NY'),
    item('service', 'Услуги', 'Аквааэробика, занятие', 700, 'WP-SRV-AQUA'),
    item('good', 'Товары', 'Полотенце с логотипом', 1490, 'WP-GD-TOWEL'),
  ],
  servicePoints: [
    { id: 'cash-1', name: 'Касса 1', kind: 'cashdesk' },
    { id: 'cash-2', name: 'Касса 2', kind: 'cashdesk' },
    { id: 'gate-main', name: 'Турникет — главный вход', kind: 'turnstile' },
    { id: 'val-cafe', name: 'Валидатор — кафе «Лагуна»', kind: 'validator' },
    { id: 'val-sauna', name: 'Валидатор — банный комплекс', kind: 'validator' },
    { id: 'mob-pools', name: 'Мобильный оператор — зона бассейнов', kind: 'mobile_operator' },
    ...onlinePoints,
  ],
};

const ICE_RINK: VenueCatalog = {
  type: 'ice_rink',
  name: 'Ледовая арена «Лайм»',
  code: 'IR',
  products: [
    item('ticket', 'Сеансы', 'Взрослый сеанс, 1,5 часа', 450, 'IR-TKT-A'),
    item('ticket', 'Сеансы', 'Детский сеанс, 1,5 часа', 300, 'IR-TKT-C'),
    item('ticket', 'Сеансы', 'Вечерняя ледовая дискотека', 550, 'IR-TKT-DISCO'),
    item('ticket', 'Абонементы', 'Абонемент на 10 сеансов', 3600, 'IR-PASS-10'),
    item('service', 'Прокат', 'Прокат коньков', 350, 'IR-SRV-SKATES'),
    item('service', 'Прокат', 'Прокат детских коньков', 250, 'IR-SRV-SKATES-C'),
    item('service', 'Прокат', 'Прокат шлема', 150, 'IR-SRV-HELMET'),
    item('service', 'Услуги', 'Заточка коньков', 300, 'IR-SRV-SHARPEN'),
    item('service', 'Обучение', 'Индивидуальное занятие с тренером', 2500, 'IR-SRV-COACH'),
    item('service', 'Обучение', 'Группа «Первые шаги», 4 занятия', 4800, 'IR-SRV-GROUP'),
    item('good', 'Товары', 'Перчатки', 450, 'IR-GD-GLOVES'),
    item('good', 'Товары', 'Чехлы для лезвий', 600, 'IR-GD-GUARDS'),
    item('good', 'Кафе', 'Горячий чай', 120, 'IR-GD-TEA'),
    ...deposits('IR', [500, 1000, 2000]),
  ],
  extras: [
    item('ticket', 'Сеансы', 'Новогодний сеанс с Дедом Морозом', 700, 'IR-TKT-NY'),
    item('service', 'Праздники', 'День рождения на льду', 9000, 'IR-SRV-PARTY'),
  ],
  servicePoints: [
    { id: 'cash-1', name: 'Касса', kind: 'cashdesk' },
    { id: 'gate-ice', name: 'Турникет — выход на лёд', kind: 'turnstile' },
    { id: 'val-rent', name: 'Валидатор — пункт проката', kind: 'validator' },
    { id: 'mob-rink', name: 'Мобильный оператор — у бортика', kind: 'mobile_operator' },
    ...onlinePoints,
  ],
};

const TRAMPOLINE_PARK: VenueCatalog = {
  type: 'trampoline_park',
  name: 'Батутный парк «Лайм Джамп»',
  code: 'TP',
  products: [
    item('ticket', 'Прыжки', 'Прыжки, 30 минут', 500, 'TP-TKT-30'),
    item('ticket', 'Прыжки', 'Прыжки, 1 час', 800, 'TP-TKT-60'),
    item('ticket', 'Прыжки', 'Прыжки, 2 часа', 1200, 'TP-TKT-120'),
    item('ticket', 'Прыжки', 'Малыши до 7 лет, 1 час', 600, 'TP-TKT-KIDS'),
    item('ticket', 'Прыжки', 'Безлимит выходного дня', 1800, 'TP-TKT-WKND'),
    item('ticket', 'Абонементы', 'Абонемент на 10 часов', 6000, 'TP-PASS-10'),
    item('service', 'Услуги', 'Занятие с инструктором', 1500, 'TP-SRV-COACH'),
    item('service', 'Услуги', 'Ниндзя-парк, 30 минут', 400, 'TP-SRV-NINJA'),
    item('service', 'Праздники', 'День рождения «Прыжок», 2 часа', 9000, 'TP-SRV-PARTY'),
    item('service', 'Праздники', 'Аниматор, 1 час', 3000, 'TP-SRV-ANIM'),
    item('good', 'Товары', 'Антискользящие носки', 250, 'TP-GD-SOCKS'),
    item('good', 'Кафе', 'Вода питьевая 0,5 л', 100, 'TP-GD-WATER'),
    item('good', 'Кафе', 'Протеиновый батончик', 90, 'TP-GD-BAR'),
    ...deposits('TP', [500, 1000, 3000]),
  ],
  extras: [
    item('ticket', 'Прыжки', 'Ночные прыжки', 1400, 'TP-TKT-NIGHT'),
    item('service', 'Услуги', 'Фотосессия в прыжке', 1200, 'TP-SRV-PHOTO'),
  ],
  servicePoints: [
    { id: 'cash-1', name: 'Стойка администратора', kind: 'cashdesk' },
    { id: 'gate-arena', name: 'Турникет — вход в зону батутов', kind: 'turnstile' },
    { id: 'val-ninja', name: 'Валидатор — ниндзя-парк', kind: 'validator' },
    { id: 'mob-arena', name: 'Мобильный оператор — арена', kind: 'mobile_operator' },
    ...onlinePoints,
  ],
};

const KIDS_CENTRE: VenueCatalog = {
  type: 'kids_centre',
  name: 'Детский центр «Лаймик»',
  code: 'KC',
  products: [
    item('ticket', 'Игровая зона', 'Игровая зона, 1 час', 450, 'KC-TKT-60'),
    item('ticket', 'Игровая зона', 'Безлимит на день', 1200, 'KC-TKT-DAY'),
    item('ticket', 'Игровая зона', 'Сопровождающий взрослый', 150, 'KC-TKT-ADULT'),
    item('ticket', 'Абонементы', 'Абонемент на 10 посещений', 3800, 'KC-PASS-10'),
    item('service', 'Занятия', 'Мастер-класс', 700, 'KC-SRV-MK'),
    item('service', 'Занятия', 'Аквагрим', 400, 'KC-SRV-PAINT'),
    item('service', 'Праздники', 'Аниматор, 1 час', 2500, 'KC-SRV-ANIM'),
    item('service', 'Праздники', 'Праздник «Пиратская вечеринка»', 12000, 'KC-SRV-PIRATE'),
    item('service', 'Услуги', 'Няня, 1 час', 600, 'KC-SRV-NANNY'),
    item('good', 'Товары', 'Носки для игровой', 200, 'KC-GD-SOCKS'),
    item('good', 'Кафе', 'Сок 0,2 л', 90, 'KC-GD-JUICE'),
    item('good', 'Товары', 'Гелиевый шарик', 150, 'KC-GD-BALLOON'),
    ...deposits('KC', [500, 1000, 2000]),
  ],
  extras: [
    item('service', 'Праздники', 'Выпускной в детском саду', 25000, 'KC-SRV-GRAD'),
    item('ticket', 'Игровая зона', 'Ёлка в «Лаймике»', 1500, 'KC-TKT-NY'),
  ],
  servicePoints: [
    { id: 'cash-1', name: 'Ресепшен', kind: 'cashdesk' },
    { id: 'gate-play', name: 'Турникет — игровая зона', kind: 'turnstile' },
    { id: 'val-cafe', name: 'Валидатор — кафе', kind: 'validator' },
    { id: 'mob-hall', name: 'Мобильный оператор — зал праздников', kind: 'mobile_operator' },
    ...onlinePoints,
  ],
};

export const CATALOGS: Record<VenueType, VenueCatalog> = {
  water_park: WATER_PARK,
  ice_rink: ICE_RINK,
  trampoline_park: TRAMPOLINE_PARK,
  kids_centre: KIDS_CENTRE,
};
