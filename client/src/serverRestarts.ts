/** How many times the server may stop within the window before the client stops restarting it. */
const MAX_RESTARTS = 4;
const WINDOW_MS = 3 * 60_000;

export type Severity = 'warning' | 'error';

/**
 * Whether to restart the language server after it stopped unexpectedly: up to four times in three minutes, so a
 * server that crashes on start does not restart forever. The user is told once that it was restarted, and once
 * that it will not be restarted again; "Kubetrace: Restart Server" starts over.
 */
export class ServerRestarts {
  private stops: number[] = [];
  private toldRestarted = false;

  constructor(
    private readonly tell: (message: string, severity: Severity) => void,
    private readonly now: () => number = Date.now,
  ) {}

  afterStop(): 'restart' | 'give up' {
    const now = this.now();
    this.stops = [...this.stops.filter((stop) => now - stop < WINDOW_MS), now];
    if (this.stops.length > MAX_RESTARTS) {
      this.tell(`Kubetrace's language server stopped ${this.stops.length} times in three minutes and is not restarted again. Its log is in the Output panel (Kubetrace); run "Kubetrace: Restart Server" to try again.`, 'error');
      return 'give up';
    }
    if (!this.toldRestarted) {
      this.toldRestarted = true;
      this.tell("Kubetrace's language server stopped unexpectedly and was restarted. Its log is in the Output panel (Kubetrace).", 'warning');
    }
    return 'restart';
  }

  /** The user restarted the server: the count starts over. */
  reset(): void {
    this.stops = [];
  }
}
