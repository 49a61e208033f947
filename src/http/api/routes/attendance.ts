// /api/attendance (issue 15): check-in and check-out now (server time) for the caller, or by staff
// on a technician's behalf (`user_id`), and one business date's records for staff. The rules
// (punctuality, once a day, check-out after check-in) are the domain's; see docs/attendance.md.
import { InvalidInputError } from '../../../services/input-errors';
import { isBusinessDate, PUNCTUALITIES } from '../../../domain';
import type { AttendanceActionResult, AttendanceService, AttendanceView } from '../../../services/attendance';
import { actorOf } from '../auth';
import type { RouteModule } from '../context';
import { apiSchema, dateTime, id, nullableDateTime, nullableInt, object, text } from '../schemas';

const TAGS = ['attendance'];

const punctuality = {
  type: 'string',
  enum: [...PUNCTUALITIES],
  description:
    'One rule for label and XP, local time in the rules zone read to the minute: ≤ on_time_cutoff → early ' +
    '(on_time_xp), ≤ grace_cutoff → on_time (grace_xp), later → late (late_xp)',
} as const;

// No `pattern` beyond text()'s: the handler checks the calendar date (isBusinessDate) and answers 400.
const businessDate = text(
  { maxLength: 10 },
  { description: 'Business date YYYY-MM-DD (local date in the rules zone; default today)' },
);

const attendanceRecord = object({
  id,
  user_id: id,
  user_name: { type: 'string' },
  business_date: { type: 'string', description: 'YYYY-MM-DD' },
  check_in_at: dateTime,
  check_out_at: nullableDateTime,
  punctuality,
  xp_amount: { type: 'integer', description: 'Signed; written to the XP ledger as attendance_punctuality' },
  rules_version: { type: 'integer' },
  recorded_by_id: id,
  checked_out_by_id: nullableInt,
});

const attendanceAction = object({
  record: attendanceRecord,
  local_time: { type: 'string', description: 'HH:MM of the action in the rules time zone' },
  time_zone: { type: 'string' },
  on_behalf: { type: 'boolean' },
});

const attendanceDay = object({
  date: { type: 'string' },
  time_zone: { type: 'string' },
  items: { type: 'array', items: attendanceRecord },
});

const actionBody = object(
  { user_id: { ...id, description: 'Staff only: the technician to record for (default: yourself)' } },
  [],
);

function recordOut(r: AttendanceView) {
  return {
    id: r.id,
    user_id: r.userId,
    user_name: r.userName,
    business_date: r.businessDate,
    check_in_at: r.checkInAt,
    check_out_at: r.checkOutAt,
    punctuality: r.punctuality,
    xp_amount: r.xpAmount,
    rules_version: r.rulesVersion,
    recorded_by_id: r.recordedById,
    checked_out_by_id: r.checkedOutById,
  };
}

function actionOut(result: AttendanceActionResult) {
  return {
    record: recordOut(result.record),
    local_time: result.localTime,
    time_zone: result.timeZone,
    on_behalf: result.onBehalf,
  };
}

export function attendanceRoutes(attendance: AttendanceService): RouteModule {
  return (app) => {
    app.post(
      '/attendance/check-in',
      {
        schema: apiSchema(
          {
            tags: TAGS,
            summary: 'Check in now (technician), or a technician on their behalf (staff)',
            description:
              'Once per business date. Writes the record and its punctuality XP (`attendance_punctuality`, ' +
              'reference `attendance_checkin:<user>:<date>`, also when 0 or negative) in one transaction.',
            body: actionBody,
            response: { 200: attendanceAction },
          },
          [400, 403, 404, 409],
        ),
      },
      async (request) => actionOut(await attendance.checkIn(actorOf(request), request.body.user_id)),
    );

    app.post(
      '/attendance/check-out',
      {
        schema: apiSchema(
          {
            tags: TAGS,
            summary: 'Check out now (technician), or a technician on their behalf (staff)',
            description: 'Needs the business date’s check-in, and happens once.',
            body: actionBody,
            response: { 200: attendanceAction },
          },
          [400, 403, 404, 409],
        ),
      },
      async (request) => actionOut(await attendance.checkOut(actorOf(request), request.body.user_id)),
    );

    app.get(
      '/attendance',
      {
        schema: apiSchema(
          {
            tags: TAGS,
            summary: 'One business date’s attendance (staff)',
            description: 'Ordered by check-in time. `date` defaults to today in the rules time zone.',
            querystring: object({ date: businessDate, technician_id: id, punctuality }, []),
            response: { 200: attendanceDay },
          },
          [400, 403],
        ),
      },
      async (request) => {
        const { date, technician_id: technicianId, punctuality: wanted } = request.query;
        if (date !== undefined && !isBusinessDate(date)) {
          throw new InvalidInputError(
            { date: 'Must be a calendar date (YYYY-MM-DD).' },
            'The request has invalid fields.',
          );
        }
        const day = await attendance.listDay(actorOf(request), {
          ...(date !== undefined ? { date } : {}),
          ...(technicianId !== undefined ? { technicianId } : {}),
          ...(wanted !== undefined ? { punctuality: wanted } : {}),
        });
        return { date: day.date, time_zone: day.timeZone, items: day.items.map(recordOut) };
      },
    );
  };
}
