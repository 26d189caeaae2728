import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseUrlProvider } from './database-url.provider';
import { dataSourceOptions } from './data-source-options';

@Module({ providers: [DatabaseUrlProvider], exports: [DatabaseUrlProvider] })
class DatabaseUrlModule {}

/** TypeORM over PostgreSQL; pending migrations run at start, the schema is never synchronized. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [DatabaseUrlModule],
      inject: [DatabaseUrlProvider],
      useFactory: async (urls: DatabaseUrlProvider) => ({
        ...dataSourceOptions(await urls.resolve()),
        autoLoadEntities: true,
        migrationsRun: true,
        retryAttempts: 2,
        retryDelay: 1000,
        migrationsTransactionMode: 'each',
      }),
    }),
  ],
})
export class DatabaseModule {}
