/**
 * Where the time to the first diagnostics goes, on the server's side: the moment each step of the start was
 * reached (initialize, the settings read, the files found and read, the parse), in milliseconds since the server
 * process started, said once in one line when the first diagnostics are published.
 */
export class StartupTimings {
  private readonly marks: (readonly [string, number])[] = [];
  private said = false;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Notes that the start reached `step` now; ignored after the first publish (a later load is no start). */
  mark(step: string): void {
    if (!this.said) this.marks.push([step, Math.round(this.now())]);
  }

  /** The line to log at the first publish of diagnostics; undefined at every later one. */
  firstPublish(): string | undefined {
    if (this.said) return undefined;
    this.said = true;
    const steps = this.marks.map(([step, at]) => `${step} at ${at}`).join(', ');
    return `First diagnostics published ${Math.round(this.now())} ms after the server process started (${steps} ms).`;
  }
}
