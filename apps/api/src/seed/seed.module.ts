import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/index.js';
import { DemoSeedService } from './demo-seed.service.js';

/** The demo team and users on the first start (SEED_DEMO). */
@Module({
  imports: [AuthModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class SeedModule {}
