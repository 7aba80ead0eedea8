/** How many changes a journal remembers; a reader further behind is told that anything may have changed. */
const REMEMBERED_CHANGES = 50_000;

/**
 * Which keys (file URIs) changed after a given revision, for any number of readers, each at its own pace:
 * a reader keeps the revision it last saw instead of the journal keeping a reader.
 */
export class ChangeJournal {
  private entries: string[] = [];
  /** The revision before the first remembered entry. */
  private base = 0;

  get revision(): number {
    return this.base + this.entries.length;
  }

  record(key: string): void {
    this.entries.push(key);
    if (this.entries.length > REMEMBERED_CHANGES) this.forget();
  }

  /** Everything may have changed: readers at an earlier revision learn nothing more specific. */
  recordAll(): void {
    this.forget();
    this.base++;
  }

  /** The keys changed after `revision`, or undefined when the journal no longer knows (or never knew). */
  since(revision: number): ReadonlySet<string> | undefined {
    if (revision < this.base || revision > this.revision) return undefined;
    return new Set(this.entries.slice(revision - this.base));
  }

  private forget(): void {
    this.base += this.entries.length;
    this.entries = [];
  }
}
