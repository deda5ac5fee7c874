// Omnidesk's documented field rules, as the sandbox checks them. A rule broken is answered 400
// with a message naming the field; the messages are the sandbox's own, since Omnidesk documents
// none (docs/api/omnidesk.md, "Errors").

import type { FormValues } from './form.js';
import { HttpError } from './http-io.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SEND_AT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function invalid(message: string): never {
  throw new HttpError(400, message);
}

/** A single-valued field: the last value given counts, as a form reader keeps it. */
export function single(form: FormValues, name: string): string | undefined {
  return form.get(name)?.at(-1);
}

export function requiredText(form: FormValues, name: string, min = 1): string {
  const value = single(form, name);
  if (value === undefined || value === '') invalid(`${name} is required`);
  if (Array.from(value).length < min) invalid(`${name} must be at least ${min} characters`);
  return value;
}

export function requiredNumber(form: FormValues, name: string): number {
  const value = single(form, name);
  if (value === undefined || value === '') invalid(`${name} is required`);
  return asNumber(name, value);
}

export function optionalNumber(form: FormValues, name: string, fallback: number): number {
  const value = single(form, name);
  return value === undefined || value === '' ? fallback : asNumber(name, value);
}

function asNumber(name: string, value: string): number {
  if (!/^\d{1,15}$/.test(value)) invalid(`${name} must be a number`);
  return Number(value);
}

/** `forwardedFileIDs` as repeated parts (OpenAPI's default for an array), or PHP's `forwardedFileIDs[]`. */
export function numberList(form: FormValues, name: string): number[] {
  const values = [...(form.get(name) ?? []), ...(form.get(`${name}[]`) ?? [])];
  if (values.some((value) => !/^\d{1,15}$/.test(value))) invalid(`${name} must be a list of numbers`);
  return values.map(Number);
}

/** ccInput and bccInput: "string · email", default "". */
export function optionalEmail(form: FormValues, name: string): string {
  const value = single(form, name) ?? '';
  if (value !== '' && !EMAIL.test(value)) invalid(`${name} must be an email address`);
  return value;
}

/** `sendAt`: ^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$, and a date and time that exist. */
export function optionalSendAt(form: FormValues): number | null {
  const value = single(form, 'sendAt');
  if (value === undefined || value === '') return null;
  const match = SEND_AT.exec(value);
  const message = 'sendAt must be a date and time formatted as YYYY-MM-DD HH:MM:SS';
  if (!match) invalid(message);
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(time);
  const exact =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  if (!exact) invalid(message);
  return time;
}

export function optionalChoice<T extends string>(form: FormValues, name: string, allowed: readonly T[]): T | undefined {
  const value = single(form, name);
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) invalid(`${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}
