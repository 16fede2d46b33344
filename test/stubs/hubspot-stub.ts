import { randomUUID } from 'node:crypto';
import { bearerOf, startHttpStub, type RecordedRequest, type RunningStub, type StubReply } from './http-stub';

/**
 * A local HubSpot CRM for tests, speaking the wire format of the endpoints @hubspot/api-client calls for a contact
 * lookup: POST /crm/v3/objects/contacts/search, GET /crm/v4/objects/{type}/{id}/associations/{toType} and
 * POST /crm/v3/objects/{type}/batch/read. Requests without the expected bearer token get HubSpot's 401 body.
 */
export type HubSpotObjectType = 'contacts' | 'companies' | 'deals';

export interface HubSpotSeed {
  contacts?: Array<{
    id: string;
    properties: Record<string, string>;
    companyIds?: string[];
    primaryCompanyId?: string;
    dealIds?: string[];
  }>;
  companies?: Array<{ id: string; properties: Record<string, string> }>;
  deals?: Array<{ id: string; properties: Record<string, string> }>;
}

export type HubSpotFailure =
  | {
      status: number;
      category?: string;
      message?: string;
      /** put the caller's Authorization header in the body */ echoAuthorization?: boolean;
    }
  | 'hang';

export interface HubSpotStub extends RunningStub {
  seed(data: HubSpotSeed): void;
  /** Every later request fails this way; `null` heals. */
  failWith(failure: HubSpotFailure | null): void;
}

interface StoredObject {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

interface Edge {
  to: string;
  types: Array<{ category: 'HUBSPOT_DEFINED'; typeId: number; label: string | null }>;
}

// HubSpot-defined association type ids.
const T = {
  contactToCompany: 279,
  primaryContactToCompany: 1,
  companyToContact: 280,
  primaryCompanyToContact: 2,
  contactToDeal: 4,
  dealToContact: 3,
};

const TYPE_ALIASES: Record<string, HubSpotObjectType> = {
  contact: 'contacts',
  contacts: 'contacts',
  '0-1': 'contacts',
  company: 'companies',
  companies: 'companies',
  '0-2': 'companies',
  deal: 'deals',
  deals: 'deals',
  '0-3': 'deals',
};

const DEFAULT_PROPS: Record<HubSpotObjectType, string[]> = {
  contacts: ['createdate', 'hs_object_id', 'lastmodifieddate'],
  companies: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  deals: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

export async function startHubSpotStub(opts: { accessToken?: string; seed?: HubSpotSeed } = {}): Promise<HubSpotStub> {
  const objects: Record<HubSpotObjectType, Map<string, StoredObject>> = {
    contacts: new Map(),
    companies: new Map(),
    deals: new Map(),
  };
  // edges[fromType][fromId][toType] → edges
  const edges = new Map<string, Edge[]>();
  let failure: HubSpotFailure | null = null;

  const link = (
    fromType: HubSpotObjectType,
    from: string,
    toType: HubSpotObjectType,
    to: string,
    typeId: number,
    label: string | null,
  ) => {
    const key = `${fromType}/${from}/${toType}`;
    const list = edges.get(key) ?? [];
    let edge = list.find((e) => e.to === to);
    if (!edge) list.push((edge = { to, types: [] }));
    if (!edge.types.some((t) => t.typeId === typeId)) edge.types.push({ category: 'HUBSPOT_DEFINED', typeId, label });
    edges.set(key, list);
  };

  const store = (type: HubSpotObjectType, o: { id: string; properties: Record<string, string> }) => {
    const now = new Date().toISOString();
    objects[type].set(o.id, {
      id: o.id,
      properties: {
        ...o.properties,
        hs_object_id: o.id,
        createdate: now,
        lastmodifieddate: now,
        hs_lastmodifieddate: now,
      },
      createdAt: now,
      updatedAt: now,
    });
  };

  const seed = (data: HubSpotSeed) => {
    for (const c of data.companies ?? []) store('companies', c);
    for (const d of data.deals ?? []) store('deals', d);
    for (const c of data.contacts ?? []) {
      store('contacts', c);
      for (const co of c.companyIds ?? []) {
        link('contacts', c.id, 'companies', co, T.contactToCompany, null);
        link('companies', co, 'contacts', c.id, T.companyToContact, null);
      }
      const primary = c.primaryCompanyId ?? c.companyIds?.[0];
      if (primary) {
        link('contacts', c.id, 'companies', primary, T.primaryContactToCompany, 'Primary');
        link('companies', primary, 'contacts', c.id, T.primaryCompanyToContact, 'Primary');
      }
      for (const d of c.dealIds ?? []) {
        link('contacts', c.id, 'deals', d, T.contactToDeal, null);
        link('deals', d, 'contacts', c.id, T.dealToContact, null);
      }
    }
  };
  if (opts.seed) seed(opts.seed);

  const view = (type: HubSpotObjectType, o: StoredObject, requested: string[] | undefined) => {
    const names =
      requested && requested.length > 0
        ? [...new Set([...requested, ...DEFAULT_PROPS[type]])]
        : Object.keys(o.properties);
    const properties: Record<string, string | null> = {};
    for (const n of names) properties[n] = o.properties[n] ?? null;
    return { id: o.id, properties, createdAt: o.createdAt, updatedAt: o.updatedAt, archived: false };
  };

  const handle = (req: RecordedRequest): StubReply | 'hang' => {
    if (failure === 'hang') return 'hang';
    if (failure) {
      const message = failure.echoAuthorization
        ? `bad credentials: ${String(req.headers.authorization)}`
        : (failure.message ?? 'Internal error');
      return hsError(failure.status, failure.category ?? 'INTERNAL_ERROR', message);
    }
    const token = bearerOf(req);
    if (!token || (opts.accessToken && token !== opts.accessToken)) {
      return hsError(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
      );
    }
    const url = new URL(req.path, 'http://stub');
    let m: RegExpExecArray | null;

    if (req.method === 'POST' && (m = /^\/crm\/v3\/objects\/([^/]+)\/search$/.exec(url.pathname))) {
      const type = TYPE_ALIASES[m[1]];
      if (!type) return hsError(400, 'VALIDATION_ERROR', `Unknown object type ${m[1]}`);
      return search(type, JSON.parse(req.body || '{}'));
    }
    if (
      req.method === 'GET' &&
      (m = /^\/crm\/v4\/objects\/([^/]+)\/([^/]+)\/associations\/([^/]+)$/.exec(url.pathname))
    ) {
      const [from, to] = [TYPE_ALIASES[m[1]], TYPE_ALIASES[m[3]]];
      if (!from || !to) return hsError(400, 'VALIDATION_ERROR', 'Unknown object type');
      const all = edges.get(`${from}/${decodeURIComponent(m[2])}/${to}`) ?? [];
      const start = Number(url.searchParams.get('after') ?? 0);
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 500), 500);
      const page = all.slice(start, start + limit);
      return {
        status: 200,
        body: {
          results: page.map((e) => ({ toObjectId: Number(e.to), associationTypes: e.types })),
          ...(start + limit < all.length
            ? { paging: { next: { after: String(start + limit), link: `${url.pathname}?after=${start + limit}` } } }
            : {}),
        },
      };
    }
    if (req.method === 'POST' && (m = /^\/crm\/v3\/objects\/([^/]+)\/batch\/read$/.exec(url.pathname))) {
      const type = TYPE_ALIASES[m[1]];
      if (!type) return hsError(400, 'VALIDATION_ERROR', `Unknown object type ${m[1]}`);
      const input = JSON.parse(req.body || '{}') as { inputs?: Array<{ id: string }>; properties?: string[] };
      const startedAt = new Date().toISOString();
      const found = (input.inputs ?? []).map((i) => objects[type].get(String(i.id)));
      const missing = (input.inputs ?? []).filter((_, i) => !found[i]).map((i) => String(i.id));
      const body: Record<string, unknown> = {
        status: 'COMPLETE',
        results: found.filter((o): o is StoredObject => !!o).map((o) => view(type, o, input.properties)),
        startedAt,
        completedAt: new Date().toISOString(),
      };
      if (missing.length === 0) return { status: 200, body };
      return {
        status: 207,
        body: {
          ...body,
          numErrors: 1,
          errors: [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: `Could not get some ${type.toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
              context: { ids: missing },
            },
          ],
        },
      };
    }
    return hsError(404, 'OBJECT_NOT_FOUND', `No route for ${req.method} ${url.pathname}`);
  };

  const search = (
    type: HubSpotObjectType,
    q: {
      filterGroups?: Array<{
        filters?: Array<{ propertyName: string; operator: string; value?: string; values?: string[] }>;
      }>;
      properties?: string[];
      limit?: number;
      after?: string;
    },
  ): StubReply => {
    const matches = (
      o: StoredObject,
      f: { propertyName: string; operator: string; value?: string; values?: string[] },
    ) => {
      const actual = (o.properties[f.propertyName] ?? '').toLowerCase();
      if (f.operator === 'EQ') return actual === String(f.value ?? '').toLowerCase();
      if (f.operator === 'IN') return (f.values ?? []).some((v) => actual === v.toLowerCase());
      if (f.operator === 'HAS_PROPERTY') return actual !== '';
      throw new Error(`operator ${f.operator} is not supported by the stub`);
    };
    const groups = q.filterGroups ?? [];
    const hits = [...objects[type].values()].filter(
      (o) => groups.length === 0 || groups.some((g) => (g.filters ?? []).every((f) => matches(o, f))),
    );
    const start = Number(q.after ?? 0);
    const limit = Math.min(q.limit ?? 10, 200);
    const page = hits.slice(start, start + limit);
    return {
      status: 200,
      body: {
        total: hits.length,
        results: page.map((o) => view(type, o, q.properties)),
        ...(start + limit < hits.length ? { paging: { next: { after: String(start + limit) } } } : {}),
      },
    };
  };

  const running = await startHttpStub(handle);
  return { ...running, seed, failWith: (f) => void (failure = f) };
}

function hsError(status: number, category: string, message: string): StubReply {
  return { status, body: { status: 'error', message, correlationId: randomUUID(), category } };
}
