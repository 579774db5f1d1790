// The reports feature's public surface: its module and service, and the report access reads
// (report-access.ts) that every feature deciding under a report's row lock uses.
export { ReportsModule } from './reports.module.js';
export { type CreationDetails, type InitialContent, ReportsService } from './reports.service.js';
export {
  lockForAccess,
  lockManyForAccess,
  type ReportAccessRow,
  type ReportStanding,
  readAccess,
  readReport,
  standingOf,
} from './report-access.js';
