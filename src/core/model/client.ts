import type { Email } from './email.ts';
import type { Phone } from './phone.ts';
import type { Instant, LocalDate } from './time.ts';

export const CLIENT_CATEGORIES = ['adult', 'child'] as const;
export const REGISTRATION_CHANNELS = ['cashdesk', 'mobile_app', 'website', 'other'] as const;
export const GENDERS = ['male', 'female'] as const;

export type ClientCategory = (typeof CLIENT_CATEGORIES)[number];
export type RegistrationChannel = (typeof REGISTRATION_CHANNELS)[number];
export type Gender = (typeof GENDERS)[number];

/** A person registered in Lime (at the cash desk, in the app or on the site). */
export type Client = {
  readonly clientId: string;
  readonly category: ClientCategory;
  readonly firstName: string;
  readonly lastName: string | null;
  readonly middleName: string | null;
  readonly birthDate: LocalDate | null;
  readonly gender: Gender | null;
  readonly phone: Phone | null;
  readonly email: Email | null;
  readonly registrationChannel: RegistrationChannel;
  readonly cards: readonly string[];
  readonly marketingConsent: boolean | null;
  /** `occurredAt` of the Lime state this record holds; an older state never overwrites it. */
  readonly stateAt: Instant;
};

/** The personal fields that flow both ways between Lime and a CRM. */
export const PERSONAL_FIELDS = [
  'firstName',
  'lastName',
  'middleName',
  'birthDate',
  'phone',
  'email',
] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];
export type PersonalData = { readonly [K in PersonalField]: string | null };

export function personalData(client: Client): PersonalData {
  return {
    firstName: client.firstName,
    lastName: client.lastName,
    middleName: client.middleName,
    birthDate: client.birthDate,
    phone: client.phone,
    email: client.email,
  };
}

export function fullName(person: {
  firstName: string | null;
  lastName: string | null;
  middleName?: string | null;
}) {
  return [person.lastName, person.firstName, person.middleName].filter((part) => part).join(' ');
}
