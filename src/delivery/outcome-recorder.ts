const ATTEMPTS = 3;
const RETRY_DELAY_MS = 250;

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Records each send's outcome as soon as the SMTP server has answered it. A write starts at once
 * when none is running; outcomes that arrive during a write go together in the next one, so a
 * slow relay costs one single-row UPDATE per message and a fast one a few rows per statement.
 * record() resolves once the outcome is stored.
 */
export class OutcomeRecorder<T> {
  private pending: Pending<T>[] = [];
  private writing = false;

  constructor(private readonly write: (items: T[]) => Promise<void>) {}

  record(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length > 0) {
        const taken = this.pending.splice(0);
        try {
          await this.writeWithRetry(taken.map((p) => p.item));
          for (const p of taken) p.resolve();
        } catch (error) {
          for (const p of taken) p.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** A brief database hiccup should not turn a delivered message into a resend. */
  private async writeWithRetry(items: T[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.write(items);
      } catch (error) {
        if (attempt >= ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, RETRY_DELAY_MS * attempt));
      }
    }
  }
}
