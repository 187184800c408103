// Operator commands for tenants:
//   npm run tenant -- list              slug, status, NovaBilling plan, database, name
//   npm run tenant -- suspend <slug>     every tenant endpoint answers 403, on every API process at once
//   npm run tenant -- resume <slug>
//   npm run tenant -- delete <slug> --yes   drops the tenant's database and registry rows (irreversible)
//   npm run tenant -- plan show <slug>      the tenant's NovaBilling plan, trial end and usage against each limit
//   npm run tenant -- plan set <slug> <plan> [--trial-ends <ISO date>]   trial, free, starter, growth or scale
//   npm run tenant -- plan limit <slug> <limit>=<n|unlimited|plan> …    override limits (plan: back to the plan's own)
import { describePlatformPlan } from '@nova/billing';
import type { CentralDb } from '@nova/central-db';
import { type AppConfig, loadConfig, loadEnvFile } from '@nova/config';
import { PLAN_LIMIT_NAMES, PLATFORM_PLAN_CODES } from '@nova/domain';
import { InvalidationBus } from '@nova/queue';
import { DeleteTenant, ReactivateTenant, SuspendTenant, TenantConnections, TenantDatabases, TenantDirectory, getTenantBySlug, listTenants, setTenantLimit, setTenantPlan, tenantDatabasesOf } from '@nova/tenancy';
import { withCentralDb } from './support/registered-tenants';

const USAGE = 'usage: tenant list | suspend <slug> | resume <slug> | delete <slug> --yes | plan show|set|limit …';
const PLAN_USAGE =
  `usage: tenant plan show <slug> | plan set <slug> <${PLATFORM_PLAN_CODES.join('|')}> [--trial-ends <ISO date>] | ` +
  `plan limit <slug> <${PLAN_LIMIT_NAMES.join('|')}>=<n|unlimited|plan> …`;

export async function tenantCommand(args: string[], env: Record<string, string | undefined> = process.env, print: (line: string) => void = console.log): Promise<void> {
  const [command, slug] = args;
  if (!['list', 'suspend', 'resume', 'delete', 'plan'].includes(command ?? '')) throw new Error(USAGE);
  if (command === 'plan') return planCommand(args.slice(1), env, print);
  if (command !== 'list' && !slug) throw new Error(`usage: tenant ${command} <slug>`);
  const config = loadConfig(env);
  // The same use cases as the API; the bus tells running API and worker processes to drop their cached copy of the tenant.
  const bus = new InvalidationBus(config.redis);
  try {
    await withCentralDb(config, async (central) => {
      const directory = new TenantDirectory(central, bus);
      switch (command) {
        case 'list': {
          const tenants = await listTenants(central);
          for (const tenant of tenants) print(`${tenant.slug.padEnd(24)} ${tenant.status.padEnd(12)} ${tenant.plan.padEnd(8)} ${`${tenant.dbName}@${tenant.dbServer}`.padEnd(52)} ${tenant.name}`);
          print(`${tenants.length} tenant(s)`);
          return;
        }
        case 'suspend':
          await new SuspendTenant(central, directory).execute({ slug: slug! });
          print(`${slug}: suspended`);
          return;
        case 'resume':
          await new ReactivateTenant(central, directory).execute({ slug: slug! });
          print(`${slug}: active`);
          return;
        case 'delete': {
          const tenant = await getTenantBySlug(central, slug!);
          const dropped = tenantDatabasesOf(tenant).map(({ dbName }) => dbName).join(' and ');
          if (!args.includes('--yes')) throw new Error(`this drops ${dropped} and all of ${tenant.slug}'s data: repeat with --yes`);
          const connections = new TenantConnections(config.tenantDb);
          try {
            await new DeleteTenant(central, new TenantDatabases(config.tenantDb, central), connections, directory).execute({ slug: tenant.slug });
          } finally {
            await connections.onModuleDestroy();
          }
          print(`${tenant.slug}: deleted (databases ${dropped} dropped)`);
          return;
        }
      }
    });
  } finally {
    await bus.onModuleDestroy();
  }
}

/** `plan show|set|limit`: the same use cases as everywhere; a change reaches running processes over the bus like suspend does. */
async function planCommand(args: string[], env: Record<string, string | undefined>, print: (line: string) => void): Promise<void> {
  const [action, slug, ...rest] = args;
  if (!['show', 'set', 'limit'].includes(action ?? '') || !slug) throw new Error(PLAN_USAGE);
  const config = loadConfig(env);
  const bus = new InvalidationBus(config.redis);
  try {
    await withCentralDb(config, async (central) => {
      switch (action) {
        case 'set': {
          const [plan, ...options] = rest;
          if (!plan) throw new Error(PLAN_USAGE);
          const trialEnds = optionValue(options, '--trial-ends');
          const tenant = await setTenantPlan(central, new TenantDirectory(central, bus), { slug, plan, trialEndsAt: trialEnds === undefined ? undefined : new Date(trialEnds) });
          print(`${slug}: plan ${tenant.plan}${tenant.trialEndsAt ? `, trial ends ${tenant.trialEndsAt.toISOString()}` : ''}`);
          break;
        }
        case 'limit': {
          if (rest.length === 0) throw new Error(PLAN_USAGE);
          // Every API process forgets its cached copy of the tenant (its limits with it) at once.
          for (const assignment of rest) await setTenantLimit(central, new TenantDirectory(central, bus), { slug, ...parseLimit(assignment) });
          break;
        }
      }
      await printPlan(config, central, slug, print);
    });
  } finally {
    await bus.onModuleDestroy();
  }
}

/** `customers=500`, `teamSeats=unlimited`, `apiKeys=plan`. */
function parseLimit(assignment: string): { limit: string; max: number | null | 'plan' } {
  const match = /^([A-Za-z]+)=(\d+|unlimited|plan)$/.exec(assignment);
  if (!match) throw new Error(`"${assignment}" is not <limit>=<n|unlimited|plan>\n${PLAN_USAGE}`);
  const value = match[2]!;
  return { limit: match[1]!, max: value === 'unlimited' ? null : value === 'plan' ? 'plan' : Number(value) };
}

function optionValue(options: string[], name: string): string | undefined {
  const at = options.indexOf(name);
  if (at === -1) return undefined;
  const value = options[at + 1];
  if (!value) throw new Error(`${name} needs a value\n${PLAN_USAGE}`);
  return value;
}

async function printPlan(config: AppConfig, central: CentralDb, slug: string, print: (line: string) => void): Promise<void> {
  const tenant = await getTenantBySlug(central, slug);
  const connections = new TenantConnections(config.tenantDb);
  try {
    // Plan usage is counted in the live database (test mode shares the plan, not its counters).
    const lease = await connections.lease({ ...tenant, mode: 'live' });
    try {
      const plan = await describePlatformPlan(central, lease.connection, tenant);
      print(`${slug}: plan ${plan.code}${plan.trialEndsAt ? `, trial ends ${plan.trialEndsAt.toISOString()}` : ''}${plan.access === 'read_only' ? ' (trial ended: read-only)' : ''}`);
      for (const name of PLAN_LIMIT_NAMES) {
        const { used, max } = plan.limits[name];
        print(`  ${name.padEnd(18)} ${String(used).padStart(8)} / ${max === null ? 'unlimited' : max}${plan.overridden.includes(name) ? ' (override)' : ''}`);
      }
    } finally {
      lease.release();
    }
  } finally {
    await connections.onModuleDestroy();
  }
}

if (require.main === module) {
  loadEnvFile();
  tenantCommand(process.argv.slice(2)).catch((error: Error) => {
    console.error(`tenant: ${error.message}`);
    process.exit(1);
  });
}
