import { Gauge } from 'prom-client';
import { parsePrometheusText } from '../../test/support/prometheus-text';
import { Metrics } from './metrics.service';

describe('Metrics exposition', () => {
  it('spells a missing value NaN, as the text format does (prom-client writes Nan)', async () => {
    const metrics = new Metrics();
    const gauge = new Gauge({
      name: 'tandem_test_missing',
      help: 'A gauge with no value.',
      registers: [metrics.registry],
    });
    gauge.set(Number.NaN);
    const text = await metrics.exposition();
    expect(text).toContain('\ntandem_test_missing NaN\n');
    expect(text).not.toMatch(/ Nan$/m);
    const sample = parsePrometheusText(text).find((s) => s.name === 'tandem_test_missing');
    expect(sample?.value).toBeNaN();
  });
});
