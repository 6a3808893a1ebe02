import { readFileSync, unwatchFile, watch, watchFile, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { readTokenFile, type TokenStore } from '../tokens';

/**
 * Re-reads the token file when it changes and hands the new set to the store, which disconnects the sockets of
 * revoked tokens. A directory watch notices edits at once (also editors' write-and-rename); a stat poll every
 * `pollMs` is the fallback where watching is not available. A broken file is refused: the old tokens stay.
 */
export class TokenFileWatcher {
  private watcher: FSWatcher | undefined;
  private last: string | undefined;
  private debounce: NodeJS.Timeout | undefined;

  constructor(
    private readonly path: string,
    private readonly tokens: TokenStore,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.last = this.text();
    watchFile(this.path, { interval: this.pollMs, persistent: false }, () => this.reload());
    try {
      const name = basename(this.path);
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        if (file !== null && file !== name) return;
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => this.reload(), 50);
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      /* no inotify here: the poll alone catches changes */
    }
  }

  stop(): void {
    unwatchFile(this.path);
    this.watcher?.close();
    clearTimeout(this.debounce);
  }

  /** Loads the file if its content changed; returns whether the token set was replaced. */
  reload(): boolean {
    const text = this.text();
    if (text === undefined || text === this.last) return false;
    try {
      const file = readTokenFile(this.path);
      this.last = text;
      this.tokens.replace(file);
      return true;
    } catch (e) {
      // Remember the broken text so it is reported once, not at every poll.
      this.last = text;
      this.tokens.report({ type: 'reload-failed', error: e instanceof Error ? e.message : String(e) });
      return false;
    }
  }

  private text(): string | undefined {
    try {
      return readFileSync(this.path, 'utf8');
    } catch {
      return undefined;
    }
  }
}
