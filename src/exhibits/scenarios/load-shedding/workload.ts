import { passwordHashRequest } from '../../hashing/password-hashing.js'
import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * The same overload against a blocking handler, without and with under-pressure. (No unloaded
 * probe: one client back to back already keeps this loop 100% busy, so under-pressure sheds it too.)
 */
export const workload = defineWorkload({
  connections: 100,
  request: passwordHashRequest,
  ceilingRps: () => null,
  shedsLoad: ['under-pressure'],
  doctor: {
    expect: { unprotected: 'loop-blocked', 'under-pressure': 'loop-blocked' },
    why: 'under-pressure sheds, but the requests it accepts still hash on the loop: that is what the doctor sees first',
  },
  lint: {
    expect: {
      unprotected: ['blindspots/no-sync-on-request-path'],
      'under-pressure': ['blindspots/no-sync-on-request-path'],
    },
    why: "under-pressure's fix is the shedding, not the work: what it accepts still hashes on the loop (blocking-hash.ts, shared with unprotected), and the rule says so for both",
  },
})
