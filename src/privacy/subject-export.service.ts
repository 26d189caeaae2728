import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../auth/current-user';
import { CycleSummary, CyclesService } from '../cycles/cycles.service';
import { InvitationRecord, RecipientPrivacyService } from '../delivery/recipient-privacy.service';
import { ContactsService } from '../directory/contacts.service';
import { assertCanManage } from '../directory/directory-access';
import { EmployeesService } from '../directory/employees.service';
import {
  EmployeeHistoryService,
  HistoryEntry,
} from '../directory/history/employee-history.service';
import {
  ContactRecord,
  DirectoryPersonalDataService,
  EmployeeRecord,
} from '../directory/personal-data.service';
import {
  ContactFollowUp,
  FollowUpPrivacyService,
} from '../follow-through/follow-up-privacy.service';
import { CustomerResponsePrivacyService } from '../respond/customer-response-privacy.service';
import { SurveysService } from '../surveys/surveys.service';

export const EMPLOYEE_ANSWERS_NOTICE =
  'Survey answers of employees are anonymous: Tandem stores no link between a person and what they answered, so no answer can be part of this export. An invitation says only whether its survey was answered.';
export const CONTACT_ANSWERS_NOTICE =
  'Customer answers are linked to the contact who gave them (the survey page says so): every one is listed here with the follow-up it led to.';

type Cycle = { id: string; label: string; name: string } | null;

/** One invitation in an export, with its cycle named. */
export type ExportedInvitation = Omit<InvitationRecord, 'cycleId'> & { cycle: Cycle };

export interface ContactExport {
  format: 'tandem-personal-data/1';
  exportedAt: string;
  subject: { kind: 'contact'; id: string };
  notice: string;
  contact: ContactRecord;
  invitations: ExportedInvitation[];
  responses: Array<{
    id: string;
    cycle: Cycle;
    submittedAt: Date;
    language: string | null;
    answers: Array<{ key: string; question: string | null; answer: number | string }>;
    followUps: Array<Omit<ContactFollowUp, 'responseId' | 'cycleId'>>;
  }>;
}

export interface EmployeeExport {
  format: 'tandem-personal-data/1';
  exportedAt: string;
  subject: { kind: 'employee'; id: string };
  notice: string;
  employee: EmployeeRecord;
  history: HistoryEntry[];
  invitations: ExportedInvitation[];
  /** follow-ups of customers' answers assigned to them: the customers' data is not theirs */
  followUpsAssigned: number;
}

/**
 * The export of everything Tandem stores about one person (GDPR Art. 15), as JSON, gathered
 * from the owners of their data. Nothing about other people: no staff names in a follow-up's
 * trail, no customer details in an employee's export, and never an employee's answers, which
 * are stored without any link to them. Every export is recorded in the audit log.
 */
@Injectable()
export class SubjectExportService {
  constructor(
    private readonly directory: DirectoryPersonalDataService,
    private readonly contacts: ContactsService,
    private readonly employees: EmployeesService,
    private readonly history: EmployeeHistoryService,
    private readonly recipients: RecipientPrivacyService,
    private readonly responses: CustomerResponsePrivacyService,
    private readonly followUps: FollowUpPrivacyService,
    private readonly cycles: CyclesService,
    private readonly surveys: SurveysService,
    private readonly audit: AuditService,
  ) {}

  async exportContact(user: CurrentUser, id: string, now = new Date()): Promise<ContactExport> {
    assertCanManage(user);
    await this.contacts.get(user, id);
    const contact = (await this.directory.contactRecord(id))!;
    const [invitations, responses] = await Promise.all([
      this.recipients.invitationsOf({ contactId: id }),
      this.responses.ofContact(id),
    ]);
    const followUps = await this.followUps.ofResponses(responses.map((r) => r.id));
    const cycles = await this.cyclesById([
      ...invitations.map((i) => i.cycleId),
      ...responses.map((r) => r.cycleId),
    ]);
    const questions = await this.customerQuestions([...cycles.values()]);
    await this.record(id, 'contact');
    return {
      format: 'tandem-personal-data/1',
      exportedAt: now.toISOString(),
      subject: { kind: 'contact', id },
      notice: CONTACT_ANSWERS_NOTICE,
      contact,
      invitations: invitations.map((i) => withCycle(i, cycles)),
      responses: responses.map((r) => {
        const cycle = cycles.get(r.cycleId);
        const texts = questions.get(cycle?.customerSurveyId ?? '') ?? new Map<string, string>();
        return {
          id: r.id,
          cycle: cycle ? { id: cycle.id, label: cycle.label, name: cycle.name } : null,
          submittedAt: r.submittedAt,
          language: r.language,
          answers: Object.entries(r.answers).map(([key, answer]) => ({
            key,
            question: texts.get(key) ?? null,
            answer,
          })),
          followUps: followUps
            .filter((f) => f.responseId === r.id)
            .map(({ responseId: _r, cycleId: _c, ...f }) => f),
        };
      }),
    };
  }

  async exportEmployee(user: CurrentUser, id: string, now = new Date()): Promise<EmployeeExport> {
    assertCanManage(user);
    const [employee, history, invitations, followUpsAssigned] = await Promise.all([
      this.directory.employeeRecord(id),
      this.history.entries(user, id), // checks it exists and is in the user's scope
      this.recipients.invitationsOf({ employeeId: id }),
      this.followUps.assignedCount(id),
    ]);
    const cycles = await this.cyclesById(invitations.map((i) => i.cycleId));
    await this.record(id, 'employee');
    return {
      format: 'tandem-personal-data/1',
      exportedAt: now.toISOString(),
      subject: { kind: 'employee', id },
      notice: EMPLOYEE_ANSWERS_NOTICE,
      employee: employee!,
      history,
      invitations: invitations.map((i) => withCycle(i, cycles)),
      followUpsAssigned,
    };
  }

  private async cyclesById(ids: string[]) {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map<string, CycleSummary>();
    return new Map((await this.cycles.summaries(unique)).map((c) => [c.id, c]));
  }

  /** question key → wording, per customer survey */
  private async customerQuestions(cycles: CycleSummary[]) {
    const surveyIds = [...new Set(cycles.flatMap((c) => c.customerSurveyId ?? []))];
    return new Map(
      await Promise.all(
        surveyIds.map(async (surveyId) => {
          const questions = await this.surveys.questionsOf(surveyId);
          return [surveyId, new Map(questions.map((q) => [q.key, q.text]))] as const;
        }),
      ),
    );
  }

  private record(id: string, type: 'contact' | 'employee'): Promise<void> {
    return this.audit.record('privacy.export', { type, id, label: null });
  }
}

function withCycle(
  invitation: InvitationRecord,
  cycles: Map<string, CycleSummary>,
): ExportedInvitation {
  const { cycleId, ...rest } = invitation;
  const cycle = cycles.get(cycleId);
  return { ...rest, cycle: cycle ? { id: cycle.id, label: cycle.label, name: cycle.name } : null };
}
