/**
 * Flags every process of the service starts with (package.json's scripts, the Dockerfile, the
 * compose file and the bench say them too; test/node-flags.test.ts holds them to this list).
 *
 * `--scavenger-max-new-space-capacity-mb=8`: Node 22's value, restored on 24. V8 13.6 raised it to
 * 32, which moved the young-generation GC that frees short-lived Buffers from 32 to 128 MB of them,
 * above the 64 MB at which external memory starts a full GC: a service that streams bytes through
 * Buffers (a 100 KB JSON document per request, a file, a COPY read through the driver) now frees
 * them with full GCs, several a second. Measured on the 1,000-row list built by Postgres (20
 * clients, Node 24.22): 0.59 ms of CPU per request, V8's GC threads busier than the event loop;
 * with the flag 0.37 ms and 14% more req/s. Upstream: https://github.com/nodejs/node/issues/61967
 * (bisected to V8 789b37d5db1f) and https://github.com/nodejs/node/issues/63863. Node 22 accepts
 * the flag (it is its default); `--external-memory-accounted-in-global-limit`, the other
 * workaround there (as fast here), is refused by Node 22. Remove once Node ships V8's fix.
 */
export const NODE_FLAGS: readonly string[] = ['--scavenger-max-new-space-capacity-mb=8']
