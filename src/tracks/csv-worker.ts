/** Reads stretches of CSV files for readCsvFastFileParallel and hands their columns back. */
import { parentPort } from 'node:worker_threads';
import { type CsvPartTask, partBuffers, readCsvPart } from './csv-fast.js';

parentPort?.on('message', (task: CsvPartTask) => {
  const reply = { ...readCsvPart(task), id: task.id };
  parentPort?.postMessage(reply, reply.ok ? partBuffers(reply.part) : []);
});
