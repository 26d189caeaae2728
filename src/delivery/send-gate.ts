/** A turn to hand one message to the SMTP pool; leave() when the server has answered. */
export interface SendTurn {
  leave(): void;
}

/**
 * Lets at most `capacity` messages into the SMTP pool at once (about two per connection, so a
 * connection never idles), and keeps the rest here, where they can still be given back: once
 * closed, waiting and later senders get no turn. Nodemailer's own queue cannot be withdrawn
 * from, so nothing waits there for long.
 */
export class SendGate {
  private active = 0;
  private closed = false;
  private readonly waiting: Array<(turn: SendTurn | null) => void> = [];

  constructor(private readonly capacity: number) {}

  enter(): Promise<SendTurn | null> {
    if (this.closed) return Promise.resolve(null);
    if (this.active < this.capacity) return Promise.resolve(this.turn());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** No new turns; everyone waiting is told at once. */
  close(): void {
    this.closed = true;
    for (const resolve of this.waiting.splice(0)) resolve(null);
  }

  private turn(): SendTurn {
    this.active += 1;
    let left = false;
    return {
      leave: () => {
        if (left) return;
        left = true;
        this.active -= 1;
        const next = this.waiting.shift();
        if (next) next(this.turn());
      },
    };
  }
}
