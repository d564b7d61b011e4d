/**
 * Providers' batch endpoints ({@link org.recprompt.backend.batch.BatchApi}): submit many requests at
 * once at the batch price, poll, collect. The run engine journals every batch id so a run resumes
 * its batches.
 */
package org.recprompt.backend.batch;
