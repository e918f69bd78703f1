"""LoRA finetuning on the owner's own product text: dataset, training loop, checkpoints, judging."""
