// Where `mdbkit serve --dev` keeps its development CA and certificate, and the captured request its banner
// offers to try: shared by the help text (serve.ts) and the server's start (serve-run.ts).
export const DEV_DIR = '.mdbkit-dev';
export const DEV_FIXTURE = 'test/fixtures/admission-v1.26/003-mutate-CREATE-maxscales-maxscale-galera.request.json';
