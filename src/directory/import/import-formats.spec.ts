import { IMPORT_FORMATS, requiredColumns } from './import-formats';
import { IMPORT_DEFINITIONS } from './import-runner.service';
import { IMPORT_KINDS } from './import.types';

describe('IMPORT_FORMATS', () => {
  it.each(IMPORT_KINDS)('documents exactly the columns the %s import reads', (kind) => {
    expect(IMPORT_FORMATS[kind].columns.map((c) => c.name)).toEqual([
      ...IMPORT_DEFINITIONS[kind].columns,
    ]);
  });

  it('requires in the header only the columns whose cells are required', () => {
    expect(requiredColumns('units')).toEqual(['external_id', 'name']);
    expect(requiredColumns('employees')).toEqual([
      'email',
      'name',
      'unit_external_id',
      'hire_date',
    ]);
    expect(requiredColumns('accounts')).toEqual(['external_id', 'name', 'unit_external_id']);
    expect(requiredColumns('contacts')).toEqual(['email', 'name', 'account_external_id']);
  });
});
