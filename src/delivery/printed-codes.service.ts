import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { toString as qrSvg } from 'qrcode';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { CyclesService, CycleSummary } from '../cycles/cycles.service';
import { CycleError, CycleErrorCode } from '../cycles/cycles.errors';
import { EmployeesService } from '../directory/employees.service';
import { UnitsService } from '../directory/units.service';
import { DeliveryError, DeliveryErrorCode } from './delivery.errors';
import { countCodeUnits, lockCodeInvitations, replaceCodes } from './printed-codes.queries';
import { formatCode, generateCode, hashToken } from './tokens';

/** A unit HR can print codes for, with its people in the cycle. */
export interface CodeUnitChoice {
  id: string;
  name: string;
  invited: number;
  withoutEmail: number;
}

/** Who gets a code: units (everyone, or only those without an address) and named people. */
export interface CodeSelection {
  unitIds: string[];
  everyone: boolean;
  /** External ids or emails, as typed. */
  people: string[];
}

/** One person's card on the sheet. */
export interface PrintedCode {
  name: string;
  unitName: string;
  /** As printed: five groups of four. */
  code: string;
  /** The survey page the QR code opens. */
  url: string;
  /** The QR code as an SVG data URI. */
  qr: string;
}

export interface CodeSheet {
  cycle: CycleSummary;
  /** Where a shared device takes codes. */
  kioskUrl: string;
  codes: PrintedCode[];
}

/**
 * Printed one-time codes for people without an email address (or any chosen employee): each is
 * one more survey token of that person's invitation, stored only as a SHA-256 hash, so it opens
 * /s/<code> and is claimed exactly like an emailed link (one response per invitation). A person
 * has at most one printed code: printing again replaces it. The codes exist only on the sheet.
 */
@Injectable()
export class PrintedCodesService {
  private readonly appUrl: string;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(forwardRef(() => CyclesService)) private readonly cycles: CyclesService,
    private readonly units: UnitsService,
    private readonly employees: EmployeesService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.appUrl = config.get('appUrl', { infer: true });
  }

  /** The cycle and the units whose employees it invited, by name. */
  async choices(cycleId: string): Promise<{ cycle: CycleSummary; units: CodeUnitChoice[] }> {
    const cycle = await this.requireCycle(cycleId);
    const counts = await countCodeUnits(this.dataSource, cycleId);
    const names = new Map(
      (await this.units.summariesByIds(counts.map((c) => c.unitId))).map((u) => [u.id, u.name]),
    );
    const units = counts
      .map((c) => ({ id: c.unitId, name: names.get(c.unitId) ?? '—', ...c }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { cycle, units };
  }

  /** Makes (or replaces) the codes of the chosen people; the sheet is the only copy. */
  async print(cycleId: string, selection: CodeSelection): Promise<CodeSheet> {
    const cycle = await this.requireCycle(cycleId);
    if (cycle.status !== 'open') throw new DeliveryError(DeliveryErrorCode.CODES_CYCLE_NOT_OPEN);
    const keys = [...new Set(selection.people.map((p) => p.trim()).filter(Boolean))];
    const named = await this.employees.idsByKeys(keys);
    const chosen = await this.dataSource.transaction(async (manager) => {
      const invitations = await lockCodeInvitations(
        manager,
        cycleId,
        selection.unitIds,
        selection.everyone,
        [...named.values()],
      );
      const invited = new Set(invitations.map((i) => i.employeeId));
      const unknown = keys.filter((k) => !invited.has(named.get(k) ?? ''));
      if (unknown.length > 0)
        throw new DeliveryError(DeliveryErrorCode.CODES_UNKNOWN_PEOPLE, {
          field: 'people',
          emails: unknown,
        });
      if (invitations.length === 0) throw new DeliveryError(DeliveryErrorCode.CODES_NOBODY_CHOSEN);
      const codes = invitations.map(() => generateCode());
      await replaceCodes(
        manager,
        invitations.map((i) => i.id),
        codes.map(hashToken),
      );
      return invitations.map((invitation, i) => ({ invitation, code: codes[i] }));
    });
    const names = new Map(
      (await this.units.summariesByIds(chosen.map((c) => c.invitation.unitId))).map((u) => [
        u.id,
        u.name,
      ]),
    );
    const codes = await Promise.all(
      chosen.map(async ({ invitation, code }) => {
        const url = `${this.appUrl}/s/${code}`;
        const svg = await qrSvg(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        return {
          name: invitation.name,
          unitName: names.get(invitation.unitId) ?? '',
          code: formatCode(code),
          url,
          qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
        };
      }),
    );
    codes.sort((a, b) => a.unitName.localeCompare(b.unitName) || a.name.localeCompare(b.name));
    return { cycle, kioskUrl: `${this.appUrl}/kiosk`, codes };
  }

  private async requireCycle(cycleId: string): Promise<CycleSummary> {
    const cycle = await this.cycles.find(cycleId);
    if (!cycle) throw new CycleError(CycleErrorCode.NOT_FOUND);
    return cycle;
  }
}
