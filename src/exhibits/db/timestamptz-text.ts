/**
 * A timestamptz as Postgres sends it in binary (microseconds since 2000-01-01 UTC, a big-endian
 * int64, here as its signed high and unsigned low 32 bits) written as the text Postgres itself
 * writes for it in a session whose TimeZone is UTC (the app's connections say so: db/session-parameters.ts):
 * `2025-01-01 00:05:00+00`, the seconds' fraction with its trailing zeros dropped, a year of at
 * least four digits, ` BC` after the offset for year 0 and before, `infinity` and `-infinity`.
 * The calendar is the proleptic Gregorian one Postgres uses (Hinnant's civil-from-days).
 */
import { writeTwoDigits } from '../../db/int-bytes.js'

const US_PER_DAY = 86_400_000_000
/** Days from 0000-03-01 (the algorithm's era start) to 2000-01-01. */
const DAYS_TO_2000 = 730_425
const INFINITY = Buffer.from('infinity', 'latin1')
const MINUS = 0x2d

/** `YYYY-MM-DD` (or the year's own width past 9999) of a day counted from 2000-01-01, and whether BC. */
function dateText(day: number): { text: Buffer; bc: boolean } {
  const z = day + DAYS_TO_2000
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1_460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153)
  const dayOfMonth = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  // Year 0 is 1 BC, year -1 is 2 BC.
  const bc = year <= 0
  const shown = String(bc ? 1 - year : year).padStart(4, '0')
  const text = Buffer.from(`${shown}-00-00`, 'latin1')
  writeTwoDigits(text, shown.length + 1, month)
  writeTwoDigits(text, shown.length + 4, dayOfMonth)
  return { text, bc }
}

/**
 * The last day written: an export's rows are in id order, which is mostly time order, so
 * consecutive rows share their date and it is worked out once per day, not once per row.
 */
let lastDay = Number.NaN
let lastDate = dateText(0)

/** Whole days and microseconds into the day of a value beyond ±2^52 µs (before 1857, after 2142), by BigInt. */
function splitFarDays(high: number, low: number): [day: number, micros: number] {
  const us = (BigInt(high) << 32n) | BigInt(low)
  const perDay = BigInt(US_PER_DAY)
  let day = us / perDay
  if (us % perDay < 0n) day -= 1n
  return [Number(day), Number(us - day * perDay)]
}

/** The date of each day seen, worked out once (the seeded orders span a year: 365 entries). */
const dates = new Map<number, { text: Buffer; bc: boolean }>()
const MAX_DATES = 100_000

/** Writes the text at `at` and returns where it ends; `out` needs room for 40 bytes. */
export function writeTimestamptzText(out: Buffer, at: number, high: number, low: number): number {
  if (high === 0x7fff_ffff && low === 0xffff_ffff) return at + INFINITY.copy(out, at)
  if (high === -0x8000_0000 && low === 0) {
    out[at] = MINUS
    return at + 1 + INFINITY.copy(out, at + 1)
  }
  let day: number
  let micros: number
  // Within ±2^52 µs a double holds the value exactly.
  if (high >= -0x10_0000 && high < 0x10_0000) {
    const us = high * 4_294_967_296 + low
    day = Math.floor(us / US_PER_DAY)
    micros = us - day * US_PER_DAY
  } else [day, micros] = splitFarDays(high, low)
  if (day !== lastDay) {
    let date = dates.get(day)
    if (!date) {
      if (dates.size >= MAX_DATES) dates.clear()
      date = dateText(day)
      dates.set(day, date)
    }
    lastDate = date
    lastDay = day
  }
  const date = lastDate.text
  for (let i = 0; i < date.length; i++) out[at + i] = date[i]!
  at += date.length
  // Small integers (`| 0`) keep V8 off its slower double arithmetic in the digit loops.
  const seconds = Math.floor(micros / 1_000_000) | 0
  let fraction = (micros - seconds * 1_000_000) | 0
  out[at++] = 0x20
  at = writeTwoDigits(out, at, Math.floor(seconds / 3_600))
  out[at++] = 0x3a
  at = writeTwoDigits(out, at, Math.floor((seconds % 3_600) / 60))
  out[at++] = 0x3a
  at = writeTwoDigits(out, at, seconds % 60)
  if (fraction !== 0) {
    out[at++] = 0x2e
    let digits = 6
    while (fraction % 10 === 0) {
      fraction = (fraction / 10) | 0
      digits--
    }
    for (let i = digits - 1; i >= 0; i--) {
      out[at + i] = 0x30 + (fraction % 10)
      fraction = (fraction / 10) | 0
    }
    at += digits
  }
  // "+00": UTC's offset, hours only.
  out[at++] = 0x2b
  out[at++] = 0x30
  out[at++] = 0x30
  if (!lastDate.bc) return at
  out[at++] = 0x20
  out[at++] = 0x42
  out[at++] = 0x43
  return at
}
