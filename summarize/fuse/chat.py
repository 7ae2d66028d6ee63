"""Generation with a local decoder-only chat LLM (Qwen2.5-Instruct, Llama 3.x Instruct, Phi,
Gemma, ...): each event's packed reports become the user turn of the tokenizer's own chat
template, after the system prompt (prompts/chat-system.txt: the word budget and "use only
facts from the reports"); greedy decoding; only the new tokens are decoded. The fuser
(summarize.fuse.fuser) packs, guards and cites exactly as for a seq2seq model."""

from __future__ import annotations

from collections.abc import Sequence

from summarize.fuse.cards import ModelCard
from summarize.fuse.prompts import chat_messages

TOKENS_PER_WORD = 2  # as the fuser allows


class ChatGenerator:
    """Text in, text out for one local chat model; `count_tokens` measures the chat input."""

    def __init__(self, model, tokenizer, card: ModelCard, device: str = "cpu"):
        self.model, self.tokenizer, self.card, self.device = model, tokenizer, card, device
        self.input_limit = card.max_input_tokens
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        tokenizer.padding_side = "left"  # the new tokens follow every prompt directly

    def _ids(self, text: str, max_words: int) -> list[int]:
        ids = self.tokenizer.apply_chat_template(
            chat_messages(text, max_words), add_generation_prompt=True, tokenize=True)
        return list(ids["input_ids"] if hasattr(ids, "keys") else ids)

    def count_tokens(self, text: str) -> int:
        return len(self._ids(text, 100))

    def __call__(self, texts: Sequence[str], *, min_length: int, max_length: int) -> list[str]:
        import torch

        max_words = max(1, max_length // TOKENS_PER_WORD)
        rows = [self._ids(text, max_words) for text in texts]
        width = max(len(r) for r in rows)
        pad = self.tokenizer.pad_token_id
        input_ids = torch.tensor([[pad] * (width - len(r)) + r for r in rows], device=self.device)
        mask = torch.tensor([[0] * (width - len(r)) + [1] * len(r) for r in rows], device=self.device)
        with torch.inference_mode():
            output = self.model.generate(
                input_ids=input_ids, attention_mask=mask, do_sample=False,
                max_new_tokens=max_length, min_new_tokens=min(min_length, max_length),
                pad_token_id=pad,
            )
        new = output[:, width:]  # only what the model wrote
        return [" ".join(t.split()) for t in self.tokenizer.batch_decode(new, skip_special_tokens=True)]
