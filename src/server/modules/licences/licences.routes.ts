import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/audit.js';
import { canSeeOrganisation } from '../../auth/access.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { actorOf, requireUser } from '../../http.js';
import { renderAgreementPdf, renderCertificatePdf } from './licence-documents.js';
import * as repo from './licences.repository.js';
import { agreementContent, siteCertificateContent } from './licences.service.js';

const idParams = z.object({ id: z.uuid() });

const licenceSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    siteId: z.string(),
    siteName: z.string(),
    licenceType: z.string(),
    licenceTypeName: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    status: z.enum(['active', 'in_grace', 'lapsed']),
    includedTrainingPlaces: z.number().int(),
  })
  .meta({ id: 'Licence' });

/** The organisation if the person may see it; otherwise "not found", and the attempt is audited. */
async function visibleOrganisation(deps: AppDeps, request: FastifyRequest, organisationId: string, action: string) {
  const user = requireUser(request);
  const organisation = await deps.db.selectFrom('organisations').select(['id', 'name', 'region_code', 'sector_code']).where('id', '=', organisationId).executeTakeFirst();
  if (!organisation || !canSeeOrganisation(user, organisation)) {
    await recordAudit(deps.db, actorOf(request), { action, entityType: 'organisation', entityId: organisationId });
    throw notFound('organisation');
  }
  return organisation;
}

function sendPdf(reply: FastifyReply, pdf: Buffer, filename: string) {
  return reply
    .type('application/pdf')
    .header('Content-Disposition', `attachment; filename="${filename.replace(/[^\w.-]+/g, '-')}"`)
    .header('Cache-Control', 'no-store')
    .send(pdf);
}

export async function licenceRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/organisations/:id/licences',
    {
      config: { policy: 'signedIn' },
      schema: { tags: ['Licences'], summary: "An organisation's licences by site", params: idParams, response: { 200: z.object({ items: z.array(licenceSchema) }), 404: errorResponseSchema } },
    },
    async (request) => {
      await visibleOrganisation(deps, request, request.params.id, 'organisation.read_refused');
      const rows = await repo.listLicences(deps.db, { organisationId: request.params.id });
      return {
        items: rows.map((l) => ({
          id: l.id, number: l.number, siteId: l.site_id, siteName: l.site_name, licenceType: l.licence_type, licenceTypeName: l.licence_type_name,
          startsOn: l.starts_on, endsOn: l.ends_on, status: l.status, includedTrainingPlaces: l.included_training_places,
        })),
      };
    },
  );

  api.get(
    '/api/v1/organisations/:id/partnership-agreement.pdf',
    {
      config: { policy: 'smartLead' },
      schema: { tags: ['Licences'], summary: 'The Partnership Agreement (PDF): sites, programmes, periods and terms', params: idParams },
    },
    async (request, reply) => {
      await visibleOrganisation(deps, request, request.params.id, 'agreement.read_refused');
      const content = await agreementContent(deps.db, request.params.id);
      if (!content.hasLicences) throw new AppError('not_found', 'The Partnership Agreement is issued with the first licence, once the invoice is paid.');
      return sendPdf(reply, await renderAgreementPdf(content, deps.config.charity), `partnership-agreement-${content.organisationName}.pdf`);
    },
  );

  api.get(
    '/api/v1/sites/:id/certificate.pdf',
    {
      config: { policy: 'smartLead' },
      schema: { tags: ['Licences'], summary: "A site's licence certificate (PDF), to display at the site", params: idParams },
    },
    async (request, reply) => {
      const content = await siteCertificateContent(deps.db, request.params.id);
      const user = requireUser(request);
      if (!content || !canSeeOrganisation(user, content.organisation) || content.site.licences.length === 0) {
        await recordAudit(deps.db, actorOf(request), { action: 'certificate.read_refused', entityType: 'site', entityId: request.params.id });
        throw notFound('licensed site');
      }
      return sendPdf(reply, await renderCertificatePdf(content.site, content.organisation.name, deps.config.charity), `licence-certificate-${content.site.name}.pdf`);
    },
  );
}
