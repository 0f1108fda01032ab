import type { FastifyInstance } from 'fastify';
import { londonDate } from '../../../domain/iso-date.js';
import type { AppDeps } from '../../deps.js';
import { sendPage } from '../../views/layout.js';
import { LicencesPage } from './licences.page.js';
import { scheduleInForce } from './fee-schedule.service.js';

/** The public Licences and fees page, read from the fee schedule in force today. */
export async function licencesRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/licences', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const today = londonDate(deps.now());
    const schedule = await scheduleInForce(deps, today);
    return sendPage(reply, <LicencesPage schedule={schedule} today={today} signedIn={Boolean(request.user)} />);
  });
}
