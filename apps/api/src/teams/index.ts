export { TeamsModule } from './teams.module.js';
export { TeamsService } from './teams.service.js';
