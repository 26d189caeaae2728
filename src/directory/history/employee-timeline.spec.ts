import {
  currentStateOf,
  eventsOf,
  HistoryEvent,
  replay,
  Timeline,
  withCurrentState,
} from './employee-timeline';

const events = (...list: HistoryEvent[]) => list.map((event, i) => ({ event, tag: i + 1 }));

describe('employee timeline', () => {
  describe(replay.name, () => {
    it('builds periods and day-for-day assignments from a hire, a move, an exit and a rehire', () => {
      const { timeline, errors } = replay(
        events(
          { date: '2024-05-01', kind: 'exit', exitType: 'voluntary' },
          { date: '2023-01-10', kind: 'hire', unitId: 'A' },
          { date: '2023-06-15', kind: 'move', unitId: 'B' },
          { date: '2025-02-01', kind: 'hire', unitId: 'A' },
        ),
      );
      expect(errors).toEqual([]);
      expect(timeline).toEqual([
        {
          hire: '2023-01-10',
          exit: '2024-05-01',
          exitType: 'voluntary',
          assignments: [
            { unitId: 'A', start: '2023-01-10', end: '2023-06-14' },
            { unitId: 'B', start: '2023-06-15', end: '2024-05-01' },
          ],
        },
        {
          hire: '2025-02-01',
          exit: null,
          exitType: null,
          assignments: [{ unitId: 'A', start: '2025-02-01', end: null }],
        },
      ]);
    });

    it('reports every event that does not fit, on its own tag, and keeps the rest', () => {
      const { timeline, errors } = replay(
        events(
          { date: '2023-01-01', kind: 'move', unitId: 'B' },
          { date: '2023-02-01', kind: 'hire', unitId: 'A' },
          { date: '2023-03-01', kind: 'hire', unitId: 'A' },
          { date: '2023-04-01', kind: 'exit', exitType: 'involuntary' },
          { date: '2023-04-01', kind: 'hire', unitId: 'A' },
          { date: '2023-05-01', kind: 'exit', exitType: 'voluntary' },
          { date: '2023-02-01', kind: 'move', unitId: 'C' },
        ),
      );
      expect(errors).toEqual([
        { tag: 1, message: 'is a move, but the employee has no hire on or before this date' },
        {
          tag: 7,
          message: 'is a move on the hire date (2023-02-01); give the unit on the hire row',
        },
        { tag: 3, message: 'is a hire, but the employee is already employed since 2023-02-01' },
        { tag: 5, message: 'is a hire, but the employee is already employed since 2023-02-01' },
        {
          tag: 6,
          message: 'is an exit, but the employee left on 2023-04-01 and has no later hire',
        },
      ]);
      expect(eventsOf(timeline)).toEqual([
        { date: '2023-02-01', kind: 'hire', unitId: 'A' },
        { date: '2023-04-01', kind: 'exit', exitType: 'involuntary' },
      ]);
    });

    it('treats a move to the unit the person is in as changing nothing', () => {
      const { timeline, noOps } = replay(
        events(
          { date: '2023-01-01', kind: 'hire', unitId: 'A' },
          { date: '2023-03-01', kind: 'move', unitId: 'A' },
        ),
      );
      expect(noOps).toEqual([2]);
      expect(timeline[0].assignments).toHaveLength(1);
    });

    it('round-trips: the events of a timeline replay to the same timeline', () => {
      const { timeline } = replay(
        events(
          { date: '2020-01-01', kind: 'hire', unitId: 'A' },
          { date: '2020-01-02', kind: 'move', unitId: 'B' },
          { date: '2020-01-02', kind: 'exit', exitType: 'other' },
          { date: '2021-01-01', kind: 'hire', unitId: 'C' },
        ),
      );
      expect(replay(eventsOf(timeline).map((event) => ({ event, tag: 0 }))).timeline).toEqual(
        timeline,
      );
    });
  });

  describe(currentStateOf.name, () => {
    const timeline: Timeline = replay(
      events(
        { date: '2023-01-10', kind: 'hire', unitId: 'A' },
        { date: '2023-06-15', kind: 'move', unitId: 'B' },
        { date: '2023-09-01', kind: 'move', unitId: 'C' },
      ),
    ).timeline;

    it('is the unit in effect today, not a later move', () => {
      expect(currentStateOf(timeline, '2023-07-01')).toEqual({
        unitId: 'B',
        hireDate: '2023-01-10',
        exitDate: null,
        exitType: null,
      });
    });

    it('is the first unit for someone who has not started yet', () => {
      expect(currentStateOf(timeline, '2022-12-31')?.unitId).toBe('A');
    });
  });

  describe(withCurrentState.name, () => {
    const hired: Timeline = [
      {
        hire: '2023-01-10',
        exit: null,
        exitType: null,
        assignments: [{ unitId: 'A', start: '2023-01-10', end: null }],
      },
    ];
    const state = { unitId: 'A', hireDate: '2023-01-10', exitDate: null, exitType: null };

    it('starts a history from an employees row', () => {
      expect(withCurrentState([], state, '2024-01-01')).toEqual(hired);
    });

    it('changes nothing when the row matches', () => {
      expect(withCurrentState(hired, state, '2024-01-01')).toEqual(hired);
    });

    it('records a unit change as a move from today', () => {
      expect(
        withCurrentState(hired, { ...state, unitId: 'B' }, '2024-03-05')[0].assignments,
      ).toEqual([
        { unitId: 'A', start: '2023-01-10', end: '2024-03-04' },
        { unitId: 'B', start: '2024-03-05', end: null },
      ]);
    });

    it('corrects the unit of someone who has not started yet, without a move', () => {
      const future = withCurrentState([], { ...state, hireDate: '2024-06-01' }, '2024-03-05');
      expect(
        withCurrentState(future, { ...state, hireDate: '2024-06-01', unitId: 'B' }, '2024-03-05'),
      ).toEqual([
        {
          hire: '2024-06-01',
          exit: null,
          exitType: null,
          assignments: [{ unitId: 'B', start: '2024-06-01', end: null }],
        },
      ]);
    });

    it('records an exit on the latest period and ends its last assignment there', () => {
      const moved = withCurrentState(hired, { ...state, unitId: 'B' }, '2024-03-05');
      const left = withCurrentState(
        moved,
        { ...state, unitId: 'B', exitDate: '2024-04-30', exitType: 'voluntary' },
        '2024-05-02',
      );
      expect(left[0]).toEqual({
        hire: '2023-01-10',
        exit: '2024-04-30',
        exitType: 'voluntary',
        assignments: [
          { unitId: 'A', start: '2023-01-10', end: '2024-03-04' },
          { unitId: 'B', start: '2024-03-05', end: '2024-04-30' },
        ],
      });
    });

    it('starts a new period for a hire date after the last exit (a rehire)', () => {
      const left = withCurrentState(
        hired,
        { ...state, exitDate: '2023-12-31', exitType: 'involuntary' },
        '2024-01-02',
      );
      const back = withCurrentState(
        left,
        { ...state, unitId: 'C', hireDate: '2024-04-01' },
        '2024-04-01',
      );
      expect(back.map((p) => [p.hire, p.exit, p.assignments.map((a) => a.unitId)])).toEqual([
        ['2023-01-10', '2023-12-31', ['A']],
        ['2024-04-01', null, ['C']],
      ]);
    });

    it('moves the hire date of the latest period when the row corrects it', () => {
      const corrected = withCurrentState(hired, { ...state, hireDate: '2023-01-02' }, '2024-01-01');
      expect(corrected[0].hire).toBe('2023-01-02');
      expect(corrected[0].assignments[0].start).toBe('2023-01-02');
    });
  });
});
