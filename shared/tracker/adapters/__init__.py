"""The world behind the ports: DynamoDB (dynamo/), SES, SNS, SQS and Secrets Manager (aws.py),
the Cognito user pool (cognito.py). Adapters never import the services."""
