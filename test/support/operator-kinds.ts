// The twelve kinds of the mariadb-operator, as tests expect mdbkit to know them (written out, not derived
// from the schemas, so a kind lost by the import fails the tests that use this list).
export const MARIADB_OPERATOR_KINDS = [
  'Backup',
  'Connection',
  'Database',
  'ExternalMariaDB',
  'Grant',
  'MariaDB',
  'MaxScale',
  'PhysicalBackup',
  'PointInTimeRecovery',
  'Restore',
  'SqlJob',
  'User',
] as const;
