import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Who the company is to its people and customers. One row (id 1), made by the migration. */
@Entity('company_settings')
@Check('ck_company_settings_single_row', `id = 1`)
export class CompanySettingsRow {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_company_settings' })
  id: number;

  /** Null until an admin names the company: pages and mail then leave the name out. */
  @Column({ type: 'text', nullable: true })
  companyName: string | null;

  /** PNG or JPEG bytes, at most MAX_LOGO_BYTES. */
  @Column({ type: 'bytea', nullable: true })
  logo: Buffer | null;

  @Column({ type: 'text', nullable: true })
  logoType: string | null;

  /** SHA-256 of the logo (hex): its ETag, and the version in the URLs pages use. */
  @Column({ type: 'text', nullable: true })
  logoEtag: string | null;

  /** Display name of outgoing mail; null keeps MAIL_FROM's. */
  @Column({ type: 'text', nullable: true })
  mailSenderName: string | null;

  @Column({ type: 'text', nullable: true })
  mailReplyTo: string | null;

  /** IANA name; pages, emails and deadlines show times in it. */
  @Column({ type: 'text', default: 'UTC' })
  timeZone: string;

  @Column({ type: 'text', default: 'en' })
  defaultLanguage: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
