#!/usr/bin/env node
import * as cdk from 'aws-cdk-lib/core';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CostAwareChecks } from 'cdk-cost-aware-inference';
import { InferenceStack } from '../lib/inference-stack';

const app = new cdk.App();
new InferenceStack(app, 'ConsumerStack', { env: { region: 'us-east-1' } });
cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CostAwareChecks(app));
