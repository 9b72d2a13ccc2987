// The stats API's OpenAPI 3.1 document: generated from the routes' schemas, with what they cannot say.
import type { OpenAPIHono } from '@hono/zod-openapi';

/** The document of `app`, whose routes are all registered. */
export function openApiDocument(app: OpenAPIHono) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Meterline stats API',
      version: '0.1.0',
      description:
        'Session, user and organization usage from the metrics back end, for the Meterline SDK usage metrics and for Claude Code.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    servers: [{ url: '/', description: 'The stats API that serves this document.' }],
    // Declared whether or not this instance requires a token: `--bearer-token` may be set on another.
    security: [{ bearer: [] }],
  });
}
