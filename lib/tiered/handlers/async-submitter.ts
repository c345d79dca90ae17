// The TieredInferenceApi async submitter: reads the router's messages from the queue, calls
// InvokeEndpointAsync for each (the payload is already in the endpoint's bucket), and writes a
// small status object naming where SageMaker will put the result. A message that fails is
// reported back (SQS partial batch response) and retried; after the queue's maxReceiveCount it
// goes to the dead-letter queue.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointAsyncCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { AsyncRequestMessage } from './tiered-router';

/** The part of an SQS event the submitter reads. */
export interface QueueEvent {
  readonly Records: Array<{ readonly messageId: string; readonly body: string }>;
}

/** The partial batch response: the messages to retry. */
export interface BatchResponse {
  readonly batchItemFailures: Array<{ readonly itemIdentifier: string }>;
}

/** What the submitter needs. */
export interface SubmitterConfig {
  readonly endpointName: string;
  readonly bucket: string;
}

const s3 = new S3Client({});
const runtime = new SageMakerRuntimeClient({});

/** Submits every message of the batch; returns the ones that failed. */
export async function submit(config: SubmitterConfig, event: QueueEvent): Promise<BatchResponse> {
  const failures: Array<{ itemIdentifier: string }> = [];
  for (const record of event.Records) {
    try {
      const message = JSON.parse(record.body) as AsyncRequestMessage;
      const out = await runtime.send(new InvokeEndpointAsyncCommand({
        EndpointName: config.endpointName,
        InputLocation: message.inputLocation,
        ContentType: message.contentType,
        InferenceId: message.requestId,
      }));
      await s3.send(new PutObjectCommand({
        Bucket: config.bucket,
        Key: message.statusKey,
        ContentType: 'application/json',
        Body: JSON.stringify({
          requestId: message.requestId, status: 'submitted', inferenceId: out.InferenceId,
          outputLocation: out.OutputLocation, failureLocation: out.FailureLocation,
        }),
      }));
    } catch (e) {
      console.error(JSON.stringify({ messageId: record.messageId, error: e instanceof Error ? e.message : String(e) }));
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}

/** The Lambda entry point. */
export async function handler(event: QueueEvent): Promise<BatchResponse> {
  return submit({ endpointName: process.env.ENDPOINT_NAME ?? '', bucket: process.env.BUCKET ?? '' }, event);
}
