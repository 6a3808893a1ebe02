import { availableParallelism } from 'node:os';

/** How much reading the server takes on at once; beyond it a reader is told to retry later. */
export interface ReaderBudgets {
  /** Reader threads (replay sessions, timeline/KPI queries, exports); default: one per core. */
  threads: number;
  /** Replay sessions open at once with one token (`GATETWIN_REPLAY_PER_TOKEN`). */
  sessionsPerToken: number;
  /** Replay sessions open at once in total (`GATETWIN_REPLAY_TOTAL`). */
  sessionsTotal: number;
  /** MCAP exports streaming at once (`GATETWIN_EXPORTS`). */
  exports: number;
  /** What-ifs waiting behind the one running (`GATETWIN_WHATIF_QUEUE`). */
  whatifQueue: number;
  /** What a refused reader is told to wait before retrying, ms. */
  retryMs: number;
}

/** The defaults, sized to this machine. */
export function defaultBudgets(): ReaderBudgets {
  return { threads: Math.max(1, availableParallelism()), sessionsPerToken: 8, sessionsTotal: 64, exports: 6, whatifQueue: 4, retryMs: 30_000 };
}

/** A reader over budget: `retryAfterMs` says when to try again. */
export class OverBudgetError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(`${message}; retry in ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

/** Counts what is open against the budgets: sessions per token and in total, exports. */
export class BudgetLedger {
  private readonly perToken = new Map<string, number>();
  private sessions = 0;
  private exportsOpen = 0;
  readonly refused = { sessions: 0, exports: 0 };

  constructor(readonly budgets: ReaderBudgets) {}

  /** Takes a session slot for `token` or throws OverBudgetError; `release` gives it back. */
  takeSession(token: string): () => void {
    const mine = this.perToken.get(token) ?? 0;
    const b = this.budgets;
    if (mine >= b.sessionsPerToken) {
      this.refused.sessions++;
      throw new OverBudgetError(`replay: this token already has ${mine} sessions open (at most ${b.sessionsPerToken})`, b.retryMs);
    }
    if (this.sessions >= b.sessionsTotal) {
      this.refused.sessions++;
      throw new OverBudgetError(`replay: the server has ${this.sessions} sessions open (at most ${b.sessionsTotal})`, b.retryMs);
    }
    this.perToken.set(token, mine + 1);
    this.sessions++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.sessions--;
      const n = (this.perToken.get(token) ?? 1) - 1;
      if (n > 0) this.perToken.set(token, n);
      else this.perToken.delete(token);
    };
  }

  /** Takes an export slot or throws OverBudgetError. */
  takeExport(): () => void {
    if (this.exportsOpen >= this.budgets.exports) {
      this.refused.exports++;
      throw new OverBudgetError(`export: ${this.exportsOpen} exports are running (at most ${this.budgets.exports})`, this.budgets.retryMs);
    }
    this.exportsOpen++;
    let released = false;
    return () => {
      if (!released) this.exportsOpen--;
      released = true;
    };
  }

  get open(): { sessions: number; exports: number } {
    return { sessions: this.sessions, exports: this.exportsOpen };
  }
}
