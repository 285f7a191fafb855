/**
 * Where a long run is: the current scenario and variant, steps done of total, and an ETA from the
 * average step so far. On a terminal the current line counts the seconds in place and each
 * finished step stays as a line of its own; elsewhere (CI logs) plain lines only.
 */
export class Progress {
  readonly #started = performance.now()
  readonly #tty = Boolean(process.stderr.isTTY)
  #done = 0
  #current = ''
  #stepStarted = 0
  #ticker: NodeJS.Timeout | undefined

  constructor(public total: number) {}

  /** Steps found on the way (a round added while a target is undecided). */
  add(steps: number): void {
    this.total += steps
  }

  #eta(): string {
    if (this.#done === 0) return ''
    const perStep = (performance.now() - this.#started) / this.#done
    const left = Math.round((perStep * (this.total - this.#done)) / 1000)
    return `, about ${left >= 60 ? `${Math.floor(left / 60)} min ${left % 60} s` : `${left} s`} left`
  }

  start(what: string): void {
    this.#current = `bench [${this.#done + 1}/${this.total}${this.#eta()}] ${what}`
    this.#stepStarted = performance.now()
    if (!this.#tty) {
      process.stderr.write(`${this.#current} … `)
      return
    }
    const draw = () =>
      process.stderr.write(`\r\x1b[K${this.#current} … ${Math.round((performance.now() - this.#stepStarted) / 1000)} s`)
    draw()
    this.#ticker = setInterval(draw, 1_000)
    this.#ticker.unref()
  }

  done(outcome: string): void {
    this.#done++
    clearInterval(this.#ticker)
    process.stderr.write(this.#tty ? `\r\x1b[K${this.#current} … ${outcome}\n` : `${outcome}\n`)
  }
}
