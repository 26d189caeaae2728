import { ConsoleLogger, Logger, LogLevel } from '@nestjs/common';
import { AppLogger } from './app-logger';

describe(AppLogger.name, () => {
  let printed: string[];
  let write: jest.SpyInstance;

  beforeEach(() => {
    printed = [];
    write = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
  });

  afterEach(() => write.mockRestore());

  const logger = (levels: LogLevel[]) => new AppLogger({ logLevels: levels, colors: false });

  it('keeps route mapping and module lines out of the log level', () => {
    const sut = logger(['error', 'warn', 'log']);
    sut.log('Mapped {/admin/units, GET} route', 'RouterExplorer');
    sut.log('UnitsController {/admin/units}:', 'RoutesResolver');
    sut.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(printed).toEqual([]);
  });

  it('prints them at debug level when debug is on', () => {
    const sut = logger(['error', 'warn', 'log', 'debug']);
    sut.log('Mapped {/admin/units, GET} route', 'RouterExplorer');
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/DEBUG \[RouterExplorer\] Mapped \{\/admin\/units, GET\} route/);
  });

  it('prints every other context at log level', () => {
    const sut = logger(['error', 'warn', 'log']);
    sut.log('Tandem is running at http://localhost:3000', 'Tandem');
    sut.log('no context at all');
    expect(printed).toHaveLength(2);
    expect(printed[0]).toMatch(/LOG \[Tandem\] Tandem is running at http:\/\/localhost:3000/);
    expect(printed[1]).toMatch(/LOG no context at all/);
  });

  it("demotes the lines Nest's own loggers send through it", () => {
    Logger.overrideLogger(logger(['error', 'warn', 'log']));
    try {
      new Logger('RouterExplorer', { timestamp: true }).log('Mapped {/health, GET} route');
      new Logger('NestApplication', { timestamp: true }).log(
        'Nest application successfully started',
      );
    } finally {
      Logger.overrideLogger(new ConsoleLogger());
    }
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('[NestApplication] Nest application successfully started');
  });
});
