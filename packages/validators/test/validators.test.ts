import { describe, expect, it } from 'vitest';
import {
  createTicketInput,
  listTicketsInput,
  replyToTicketInput,
  signInInput,
  signUpInput,
  updateTicketInput,
} from '../src/index.ts';

const ID = '01M85VB671JYE3GK6VA6QSA0Q4';

describe('auth inputs', () => {
  it('normalises email addresses', () => {
    const input = signUpInput.parse({ email: '  Ann@Example.COM ', password: 'long enough', name: 'Ann' });
    expect(input.email).toBe('ann@example.com');
  });

  it('keeps passwords exactly as typed and enforces 8 to 256 characters', () => {
    expect(signUpInput.parse({ email: 'a@b.co', password: ' spaced  ', name: 'A' }).password).toBe(
      ' spaced  ',
    );
    expect(signUpInput.safeParse({ email: 'a@b.co', password: 'short', name: 'A' }).success).toBe(false);
    expect(signUpInput.safeParse({ email: 'a@b.co', password: 'x'.repeat(256), name: 'A' }).success).toBe(
      true,
    );
    expect(signUpInput.safeParse({ email: 'a@b.co', password: 'x'.repeat(257), name: 'A' }).success).toBe(
      false,
    );
  });

  it('refuses unknown keys such as role (no mass assignment)', () => {
    const result = signUpInput.safeParse({
      email: 'a@b.co',
      password: 'long enough',
      name: 'A',
      role: 'admin',
    });
    expect(result.success).toBe(false);
  });

  it('refuses operator objects where strings belong', () => {
    expect(signInInput.safeParse({ email: { $ne: null }, password: 'x' }).success).toBe(false);
    expect(signInInput.safeParse({ email: 'a@b.co', password: ['x'] }).success).toBe(false);
  });

  it('refuses line breaks in names (they end up in mail headers)', () => {
    expect(
      signUpInput.safeParse({ email: 'a@b.co', password: 'long enough', name: 'A\r\nBcc: x@y.z' }).success,
    ).toBe(false);
  });
});

describe('ticket inputs', () => {
  it('requires a subject and body and trims them', () => {
    expect(createTicketInput.parse({ subject: ' Printer ', body: ' jammed ' })).toEqual({
      subject: 'Printer',
      body: 'jammed',
    });
    expect(createTicketInput.safeParse({ subject: '   ', body: 'x' }).success).toBe(false);
    expect(createTicketInput.safeParse({ subject: 'x', body: 'y', status: 'closed' }).success).toBe(false);
  });

  it('accepts one status or several and defaults the page size', () => {
    expect(listTicketsInput.parse({ status: 'open' })).toEqual({
      status: ['open'],
      sort: 'updated',
      limit: 25,
    });
    expect(listTicketsInput.parse({ status: ['open', 'new', 'open'] }).status).toEqual(['open', 'new']);
    expect(listTicketsInput.safeParse({ status: 'deleted' }).success).toBe(false);
    expect(listTicketsInput.safeParse({ limit: 101 }).success).toBe(false);
    expect(listTicketsInput.safeParse({ assigneeId: 'unassigned' }).success).toBe(true);
    expect(listTicketsInput.safeParse({ assigneeId: '1 OR 1=1' }).success).toBe(false);
  });

  it('defaults replies to public and refuses extra fields', () => {
    expect(replyToTicketInput.parse({ ticketId: ID, body: 'hi' }).internal).toBe(false);
    expect(replyToTicketInput.safeParse({ ticketId: ID, body: 'hi', isInternal: true }).success).toBe(false);
  });

  it('needs a version and at least one change for an update', () => {
    expect(updateTicketInput.safeParse({ id: ID, version: 1 }).success).toBe(false);
    expect(updateTicketInput.safeParse({ id: ID, status: 'open' }).success).toBe(false);
    expect(updateTicketInput.parse({ id: ID, version: 3, assigneeId: null })).toEqual({
      id: ID,
      version: 3,
      assigneeId: null,
    });
  });
});

describe('password policy', () => {
  it('refuses the most common passwords, whatever their case', () => {
    for (const password of ['password123', 'Password123', 'QWERTYUIOP', '12345678']) {
      expect(signUpInput.safeParse({ email: 'a@b.co', password, name: 'A' }).success).toBe(false);
    }
    expect(signUpInput.safeParse({ email: 'a@b.co', password: 'tulip umbrella 42', name: 'A' }).success).toBe(
      true,
    );
  });
});
