import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CyclesService } from '../cycles/cycles.service';
import { ContactsService } from '../directory/contacts.service';
import { contactsOfCycle, cyclesAndContactsOf, SendFacts } from './invitation-send.queries';

/**
 * Asks the owners what delivery's mail rule (mailableFor) needs beyond invitations: cycles,
 * which cycles are sending; the directory, which contacts may not be mailed. Queueing a round
 * asks for a whole cycle, the sender's claim for its batch, and the rule itself checks both
 * again in the statement that queues or claims.
 */
@Injectable()
export class MailableFacts {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(forwardRef(() => CyclesService)) private readonly cycles: CyclesService,
    private readonly contacts: ContactsService,
  ) {}

  /** For queueing a round of one cycle. */
  async forCycle(cycleId: string): Promise<SendFacts> {
    const sending = await this.cycles.sending([cycleId]);
    if (sending.length === 0) return { sending: new Map(), unreachableContactIds: [] };
    return {
      sending: new Map(sending.map((c) => [c.id, c])),
      unreachableContactIds: await this.contacts.unreachableIds(
        await contactsOfCycle(this.dataSource, cycleId),
      ),
    };
  }

  /** For claiming a batch of sends. */
  async forInvitations(invitationIds: readonly string[]): Promise<SendFacts> {
    const { cycleIds, contactIds } = await cyclesAndContactsOf(this.dataSource, invitationIds);
    const [sending, unreachableContactIds] = await Promise.all([
      this.cycles.sending(cycleIds),
      this.contacts.unreachableIds(contactIds),
    ]);
    return { sending: new Map(sending.map((c) => [c.id, c])), unreachableContactIds };
  }
}
