import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/server/db/migrations.ts';
import { openPostgresDatabase } from '../../src/server/db/postgres.ts';
import { postgresMissing, startPostgres } from './postgres.ts';
import { TEMPLATE_DATABASE } from './test-database.ts';

/**
 * The node-postgres project's one PostgreSQL cluster: started in a temporary folder, a migrated
 * template database made, its settings provided to every test file; stopped at the end.
 */
export default async function setup(project: TestProject) {
  const missing = postgresMissing(); // throws in CI
  if (missing) throw new Error(`The node-postgres project needs PostgreSQL: ${missing}`);
  const cluster = await startPostgres();
  const admin = openPostgresDatabase({ ...cluster.config, max: 1 });
  await admin.exec(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.close();
  const template = openPostgresDatabase({ ...cluster.config, database: TEMPLATE_DATABASE, max: 1 });
  await migrate(template);
  await template.close(); // a template must have no connections while it is copied
  project.provide('postgres', cluster.config);
  return () => cluster.stop();
}
