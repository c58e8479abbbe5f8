/** Reads one stretch of a CSV file for readCsvFastFileParallel and hands its columns back. */
import { parentPort, workerData } from 'node:worker_threads';
import { type CsvPartTask, partBuffers, readCsvPart } from './csv-fast.js';

const reply = readCsvPart(workerData as CsvPartTask);
parentPort?.postMessage(reply, reply.ok ? partBuffers(reply.part) : []);
