/**
 * The stall log's bookkeeping: requests answered in any order leave exactly the others in flight,
 * an answered one stays a suspect until the next check and no longer, one answered before the
 * time asked about is none, one begun after it is none, and one whose client left before it was
 * answered is no suspect and is let go.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { StallSuspects, type Suspect } from '../../src/plugins/stall-suspects.js'

const ROUTE = { method: 'GET', url: '/orders/:id' }

/**
 * The clock the stall log reads, driven by the test: a request is judged by when it began and when
 * it was answered against the moment asked about, so a clock running on its own (a preempted test,
 * a collection between two lines) would move the answer.
 */
function aClockOfOurOwn() {
  let nowMs = 1_000
  vi.spyOn(performance, 'now').mockImplementation(() => nowMs)
  return {
    /** Moves the clock on and returns the new time. */
    tick: (ms = 1) => (nowMs += ms),
  }
}

/** Requests begun now on sockets of their own: each can be answered, and its client can leave. */
function begin(suspects: StallSuspects, count: number, method = 'GET') {
  return Array.from({ length: count }, () => {
    const socket = { destroyed: false }
    const suspect: Suspect = suspects.start(method, ROUTE.url, socket)
    return { answer: () => suspect.answer(), leave: () => (socket.destroyed = true) }
  })
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('StallSuspects', () => {
  it('keeps in flight exactly the requests not answered, whatever the order they are answered in', () => {
    const clock = aClockOfOurOwn()
    const suspects = new StallSuspects()
    const all = begin(suspects, 9)
    const stall = clock.tick()
    const answerOrder = [4, 0, 8, 2, 7]
    for (const i of answerOrder) all[i]!.answer()
    suspects.forgetSettled()
    expect(suspects.inFlightAt(stall)).toHaveLength(all.length - answerOrder.length)
    // The rest are answered after the stall: suspects until the next check, then nothing left.
    clock.tick()
    for (const i of [1, 3, 5, 6]) all[i]!.answer()
    expect(suspects.inFlightAt(stall)).toHaveLength(4)
    suspects.forgetSettled()
    expect(suspects.inFlightAt(stall)).toEqual([])
    // Requests kept across checks are still found, and only they.
    const again = begin(suspects, 3)
    const later = clock.tick()
    again[0]!.answer()
    suspects.forgetSettled()
    again[2]!.answer()
    suspects.forgetSettled()
    expect(suspects.inFlightAt(later)).toEqual([ROUTE])
  })

  it('names a request in flight at the given time, answered since or not, until the next check', () => {
    const clock = aClockOfOurOwn()
    const suspects = new StallSuspects()
    const [quick] = begin(suspects, 1, 'POST')
    clock.tick()
    quick!.answer()
    clock.tick()
    const [early] = begin(suspects, 1, 'GET')
    const between = clock.tick(10)
    clock.tick()
    const [late] = begin(suspects, 1, 'DELETE')
    clock.tick()
    early!.answer()
    // quick (POST) was answered before `between`, late (DELETE) began after it: early alone ran through it.
    expect(suspects.inFlightAt(between)).toEqual([ROUTE])
    suspects.forgetSettled()
    // late, still running, was in flight at any time since it began, and not before.
    const sinceLate = clock.tick(10)
    clock.tick(10)
    expect(suspects.inFlightAt(sinceLate)).toEqual([{ ...ROUTE, method: 'DELETE' }])
    expect(suspects.inFlightAt(between)).toEqual([])
    late!.answer()
    expect(suspects.inFlightAt(sinceLate)).toEqual([{ ...ROUTE, method: 'DELETE' }])
  })

  it('does not name a request whose client left unanswered, and lets it go at the next check', () => {
    const clock = aClockOfOurOwn()
    const suspects = new StallSuspects()
    const all = begin(suspects, 3)
    const stall = clock.tick()
    all[1]!.leave()
    expect(suspects.inFlightAt(stall)).toHaveLength(2)
    suspects.forgetSettled()
    // Gone, it is not named again when its handler answers at last.
    clock.tick()
    all[1]!.answer()
    expect(suspects.inFlightAt(stall)).toHaveLength(2)
    all[0]!.answer()
    suspects.forgetSettled()
    expect(suspects.inFlightAt(stall)).toEqual([ROUTE])
  })

  it('names a request answered after its client left until the next check: its handler ran meanwhile', () => {
    const clock = aClockOfOurOwn()
    const suspects = new StallSuspects()
    const [left] = begin(suspects, 1)
    const stall = clock.tick()
    left!.leave()
    clock.tick()
    left!.answer()
    expect(suspects.inFlightAt(stall)).toEqual([ROUTE])
    suspects.forgetSettled()
    expect(suspects.inFlightAt(stall)).toEqual([])
  })
})
