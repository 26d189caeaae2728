import { Global, Module } from '@nestjs/common';
import { PageRenderer } from './page-renderer.service';

@Global()
@Module({ providers: [PageRenderer], exports: [PageRenderer] })
export class CommonModule {}
