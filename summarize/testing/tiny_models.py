"""Tiny seq2seq checkpoints for tests: random weights, a tokenizer trained on the spot.

Each builder writes a directory that transformers' Auto classes load exactly like a
downloaded checkpoint (config.json, weights, tokenizer files). Models are a few thousand
parameters, so loading and generating take milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

# Our own news-like text for training the tokenizers (any text works: the weights are random).
CORPUS = """\
The city council approved a new budget on Tuesday after a long debate about schools and roads.
Officials said the plan would add 120 teachers and repair 45 bridges over the next three years.
Heavy rain flooded the river valley on Sunday, and rescue teams moved 2,300 people to shelters.
The weather service warned that more storms could arrive by Friday evening.
Scientists at the national laboratory reported a faster battery that charges in ten minutes.
The company said production would start in March, with the first cars sold next spring.
Talks between the two governments resumed in Geneva, where ministers discussed trade and energy.
A spokesperson said both sides wanted an agreement before the summit in Tokyo.
Fans filled the stadium as the home team won the final 3-1 in front of 60,000 people.
The coach praised the young players and thanked supporters for their patience.
North Korea tested new missiles while South Korea and the United States held joint drills.
The president travelled to Washington for a summit and met the prime minister in Tokyo.
""".splitlines()

VOCAB_SIZE = 600
DIM = 32
MAX_POSITIONS = 256


def bpe_tokenizer(
    special: list[str], texts: Iterable[str] = CORPUS, model_max_length: int = MAX_POSITIONS,
    vocab_size: int = VOCAB_SIZE,
):
    """A byte-level BPE tokenizer (as BART and LED use) wrapped for transformers."""
    from tokenizers import (
        Tokenizer,
        decoders,
        models,
        pre_tokenizers,
        processors,
        trainers,
    )
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.train_from_iterator(
        list(texts),
        trainers.BpeTrainer(
            vocab_size=vocab_size, special_tokens=["<s>", "<pad>", "</s>", "<unk>", *special],
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False,
        ),
    )
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, bos_token="<s>", eos_token="</s>", pad_token="<pad>",
        unk_token="<unk>", additional_special_tokens=list(special),
        model_max_length=model_max_length,
    )


def unigram_tokenizer(texts: Iterable[str] = CORPUS, model_max_length: int = MAX_POSITIONS):
    """A SentencePiece-style unigram tokenizer (as T5 and PEGASUS use) wrapped for transformers.

    Runs of whitespace, line breaks included, become one space, as in T5's SentencePiece: a
    document after a line break then starts with the same pieces as alone (not split into
    letters), so that a model can copy it token for token.

    The pieces are those of a BPE trainer on `texts`, each scored by the log of how often BPE's
    own segmentation of `texts` uses it (add-one), and the unigram model segments by those
    scores: tokenizers' UnigramTrainer is not deterministic (its scores and so its piece order
    differ from process to process), which made every model trained on its ids differ too.
    """
    import math
    from collections import Counter

    from tokenizers import (
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
        trainers,
    )
    from transformers import PreTrainedTokenizerFast

    special = ["<pad>", "</s>", "<unk>"]
    texts = list(texts)
    bpe = Tokenizer(models.BPE())
    bpe.normalizer = normalizers.Replace(Regex(r"\s+"), " ")
    bpe.pre_tokenizer = pre_tokenizers.Metaspace()
    bpe.train_from_iterator(
        texts,
        trainers.BpeTrainer(vocab_size=VOCAB_SIZE, special_tokens=special, show_progress=False),
    )
    uses = Counter(piece for encoding in bpe.encode_batch(texts) for piece in encoding.tokens)
    pieces = [piece for piece in bpe.get_vocab() if piece not in special]
    total = sum(uses.values()) + len(pieces)
    scored = sorted(((p, math.log((uses[p] + 1) / total)) for p in pieces),
                    key=lambda scored: (-scored[1], scored[0]))
    tokenizer = Tokenizer(models.Unigram([(s, 0.0) for s in special] + scored, unk_id=2))
    tokenizer.add_special_tokens(special)
    tokenizer.normalizer = bpe.normalizer
    tokenizer.pre_tokenizer = bpe.pre_tokenizer
    tokenizer.decoder = decoders.Metaspace()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="$A </s>", special_tokens=[("</s>", 1)]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, eos_token="</s>", pad_token="<pad>", unk_token="<unk>",
        model_max_length=model_max_length,
    )


def build_bart(directory: Path, seed: int = 0) -> Path:
    """A 1+1-layer BART with d_model 32, saved to `directory`."""
    from transformers import BartConfig, BartForConditionalGeneration

    tokenizer = bpe_tokenizer([])
    config = BartConfig(
        vocab_size=len(tokenizer), d_model=DIM, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=2 * DIM,
        decoder_ffn_dim=2 * DIM, max_position_embeddings=MAX_POSITIONS,
        pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2,
        forced_eos_token_id=2,
    )
    return _save(BartForConditionalGeneration, config, tokenizer, directory, seed)


def build_t5(directory: Path, seed: int = 0) -> Path:
    """A 1+1-layer T5 with d_model 32, saved to `directory`."""
    from transformers import T5Config, T5ForConditionalGeneration

    tokenizer = unigram_tokenizer()
    config = T5Config(
        vocab_size=len(tokenizer), d_model=DIM, d_kv=8, d_ff=2 * DIM, num_layers=1,
        num_decoder_layers=1, num_heads=2, pad_token_id=0, eos_token_id=1,
        decoder_start_token_id=0,
    )
    return _save(T5ForConditionalGeneration, config, tokenizer, directory, seed)


def build_pegasus(directory: Path, seed: int = 0) -> Path:
    """A 1+1-layer PEGASUS with d_model 32 (unigram tokenizer, as PEGASUS's SentencePiece)."""
    from transformers import PegasusConfig, PegasusForConditionalGeneration

    tokenizer = unigram_tokenizer()
    config = PegasusConfig(
        vocab_size=len(tokenizer), d_model=DIM, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=2 * DIM,
        decoder_ffn_dim=2 * DIM, max_position_embeddings=MAX_POSITIONS, pad_token_id=0,
        eos_token_id=1, decoder_start_token_id=0, forced_eos_token_id=1,
    )
    return _save(PegasusForConditionalGeneration, config, tokenizer, directory, seed)


def build_led(directory: Path, seed: int = 0) -> Path:
    """A 1+1-layer LED with d_model 32 whose tokenizer knows PRIMERA's <doc-sep> token."""
    from transformers import LEDConfig, LEDForConditionalGeneration

    tokenizer = bpe_tokenizer(["<doc-sep>"], model_max_length=4 * MAX_POSITIONS)
    config = LEDConfig(
        vocab_size=len(tokenizer), d_model=DIM, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=2 * DIM,
        decoder_ffn_dim=2 * DIM, max_encoder_position_embeddings=4 * MAX_POSITIONS,
        max_decoder_position_embeddings=MAX_POSITIONS, attention_window=[16],
        pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2,
    )
    return _save(LEDForConditionalGeneration, config, tokenizer, directory, seed)


# A minimal chat template in the style of instruction-tuned checkpoints (ChatML).
CHAT_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def build_llama(directory: Path, seed: int = 0) -> Path:
    """A 1-layer decoder-only Llama with hidden size 32 and a chat template, saved to
    `directory` (the shape of Llama 3 / Qwen2 instruct checkpoints, random weights)."""
    from transformers import LlamaConfig, LlamaForCausalLM

    tokenizer = bpe_tokenizer(["<|im_start|>", "<|im_end|>"], model_max_length=4 * MAX_POSITIONS)
    tokenizer.chat_template = CHAT_TEMPLATE
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=DIM, intermediate_size=2 * DIM, num_hidden_layers=1,
        num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=4 * MAX_POSITIONS,
        pad_token_id=1, bos_token_id=0, eos_token_id=2,
    )
    return _save(LlamaForCausalLM, config, tokenizer, directory, seed)


BUILDERS = {
    "bart": build_bart, "pegasus": build_pegasus, "t5": build_t5, "led": build_led,
    "llama": build_llama,
}


def _save(model_class, config, tokenizer, directory: Path, seed: int) -> Path:
    import torch

    torch.manual_seed(seed)
    model = model_class(config)
    directory.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory
