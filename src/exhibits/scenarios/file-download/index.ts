/** Blind spot 4/5b: buffering a large file in memory vs streaming it. */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { buffered } from './buffered.js'
import { downloadSchema } from './contract.js'
import { streamed } from './streamed.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const fileDownload = defineScenario({
  name: 'file-download',
  title: 'File download: read the whole 5 MB file into memory vs stream it',
  prefix: '/catalog',
  method: 'GET',
  schema: downloadSchema,
  variants: { buffered, streamed },
  defaultVariant: 'streamed',
  workload,
  exercise: { variant: exercise, startsAs: 'buffered', solution: 'streamed' },
})
