import { describe, expect, it } from 'vitest';
import type { Client } from './client.ts';
import { fullName, PERSONAL_FIELDS, personalData } from './client.ts';
import type { Email } from './email.ts';
import type { Phone } from './phone.ts';
import type { LocalDate } from './time.ts';

const client: Client = {
  clientId: 'c-1',
  category: 'adult',
  firstName: 'Ирина',
  lastName: 'Смирнова',
  middleName: 'Олеговна',
  birthDate: '1990-05-17' as LocalDate,
  gender: 'female',
  phone: '+79123456789' as Phone,
  email: 'irina@example.ru' as Email,
  registrationChannel: 'cashdesk',
  cards: ['0001'],
  marketingConsent: true,
  stateAt: 0,
};

describe('personal data', () => {
  it('are exactly the six fields that flow both ways', () => {
    expect(PERSONAL_FIELDS).toEqual(['firstName', 'lastName', 'middleName', 'birthDate', 'phone', 'email']);
    expect(personalData(client)).toEqual({
      firstName: 'Ирина',
      lastName: 'Смирнова',
      middleName: 'Олеговна',
      birthDate: '1990-05-17',
      phone: '+79123456789',
      email: 'irina@example.ru',
    });
  });

  it('leave gender, cards, consent and the channel on the Lime side', () => {
    expect(Object.keys(personalData(client)).sort()).toEqual([...PERSONAL_FIELDS].sort());
  });
});

describe('fullName', () => {
  it('reads last, first, middle and skips what is missing', () => {
    expect(fullName(client)).toBe('Смирнова Ирина Олеговна');
    expect(fullName({ firstName: 'Ирина', lastName: null })).toBe('Ирина');
    expect(fullName({ firstName: 'Ирина', lastName: '', middleName: null })).toBe('Ирина');
    expect(fullName({ firstName: null, lastName: 'Смирнова' })).toBe('Смирнова');
  });
});
