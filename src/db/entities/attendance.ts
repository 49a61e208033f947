import { EntitySchema, type Opt } from '@mikro-orm/core';
import { PUNCTUALITIES, type Punctuality } from '../../domain/attendance';
import type { User } from './accounts';
import { createdAtProperty, idProperty, nullableTimestampProperty, updatedAtProperty, noCascade } from './common';

// ---------------------------------------------------------------- AttendanceRecord

/**
 * One technician's attendance on one business date (issue 15; src/domain/attendance.ts). Unique
 * per (user, business date); the check-in's XP is in the ledger too (`attendance_punctuality`).
 */
export interface AttendanceRecord {
  id: number;
  user: User;
  /** `YYYY-MM-DD`, the local date in the rules time zone. */
  businessDate: string;
  checkInAt: Date;
  checkOutAt?: Date | null;
  punctuality: Punctuality;
  xpAmount: number;
  /** The rules version whose cutoffs and XP were applied. */
  rulesVersion: number;
  /** Who recorded the check-in: the technician, or staff on their behalf. */
  recordedBy: User;
  checkedOutBy?: User | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const AttendanceRecord = new EntitySchema<AttendanceRecord>({
  name: 'AttendanceRecord',
  tableName: 'attendance_record',
  properties: {
    id: { ...idProperty },
    user: { kind: 'm:1', entity: () => 'User', ...noCascade },
    businessDate: { type: 'date', columnType: 'date' },
    checkInAt: { type: 'datetime', columnType: 'timestamptz' },
    checkOutAt: { ...nullableTimestampProperty },
    punctuality: { enum: true, items: [...PUNCTUALITIES] },
    xpAmount: { type: 'integer' },
    rulesVersion: { type: 'integer' },
    recordedBy: { kind: 'm:1', entity: () => 'User', ...noCascade },
    checkedOutBy: { kind: 'm:1', entity: () => 'User', nullable: true, ...noCascade },
    createdAt: { ...createdAtProperty },
    updatedAt: { ...updatedAtProperty },
  },
  uniques: [{ name: 'attendance_record_user_id_business_date_unique', properties: ['user', 'businessDate'] }],
  checks: [
    {
      name: 'attendance_record_check_out_after_check_in_check',
      expression: 'check_out_at is null or check_out_at >= check_in_at',
    },
    {
      name: 'attendance_record_check_out_by_check',
      expression: '(check_out_at is null) = (checked_out_by_id is null)',
    },
    { name: 'attendance_record_rules_version_check', expression: 'rules_version > 0' },
  ],
  indexes: [{ name: 'attendance_record_business_date_punctuality_index', properties: ['businessDate', 'punctuality'] }],
});
