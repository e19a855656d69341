-- Version 5: who manages each key (DescribeKey's KeyManager): 'CUSTOMER', or 'AWS' for the AWS managed keys.
ALTER TABLE keys ADD COLUMN key_manager TEXT NOT NULL DEFAULT 'CUSTOMER';
