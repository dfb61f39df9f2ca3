"""A small BERT masked-LM in plain PyTorch, laid out like Hugging Face's BertForMaskedLM.

Differences from `transformers.BertForMaskedLM` are deliberate and only affect storage:
* `Linear.weight` is stored [in, out] (HF stores [out, in]) so that the ONNX export has
  `MatMul(x, W[in,out])` followed by `Add(b)` with W a plain initializer.
* The MLM decoder is tied to the word embeddings (as in BERT).
* The attention mask adds (1 - mask) * -10000 to the scores (original BERT; fp16-safe).
Parameter names follow HF (bert.encoder.layer.0.attention.self.query.weight, ...).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

MASK_NEG = -10000.0


class Linear(nn.Module):
    """y = x @ W + b with W stored [in, out]."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(n_in, n_out).normal_(0.0, 0.02))
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return torch.matmul(x, self.weight) + self.bias


class Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c["vocab_size"], c["hidden_size"], padding_idx=c["pad_token_id"])
        self.position_embeddings = nn.Embedding(c["max_position_embeddings"], c["hidden_size"])
        self.token_type_embeddings = nn.Embedding(c["type_vocab_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def forward(self, input_ids, token_type_ids):
        seq = input_ids.shape[1]
        pos = self.position_embeddings.weight[:seq].unsqueeze(0)
        x = self.word_embeddings(input_ids) + pos + self.token_type_embeddings(token_type_ids)
        return self.dropout(self.LayerNorm(x))


class SelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c["hidden_size"]
        self.n_heads = c["num_attention_heads"]
        self.head_dim = h // self.n_heads
        self.query = Linear(h, h)
        self.key = Linear(h, h)
        self.value = Linear(h, h)
        self.dropout = nn.Dropout(c["attention_probs_dropout_prob"])

    def split(self, x):
        b, s, _ = x.shape
        return x.view(b, s, self.n_heads, self.head_dim).transpose(1, 2)

    def forward(self, x, ext_mask):
        b, s, h = x.shape
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim) + ext_mask
        probs = self.dropout(torch.softmax(scores, dim=-1))
        ctx = torch.matmul(probs, v).transpose(1, 2).reshape(b, s, h)
        return ctx


class DenseLayerNorm(nn.Module):
    """BertSelfOutput / BertOutput: dense -> dropout -> LayerNorm(residual + .)."""

    def __init__(self, n_in, c):
        super().__init__()
        self.dense = Linear(n_in, c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def forward(self, x, residual):
        return self.LayerNorm(self.dropout(self.dense(x)) + residual)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        setattr(self, "self", SelfAttention(c))
        self.output = DenseLayerNorm(c["hidden_size"], c)

    def forward(self, x, ext_mask):
        return self.output(getattr(self, "self")(x, ext_mask), x)


class Intermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = Linear(c["hidden_size"], c["intermediate_size"])

    def forward(self, x):
        return F.gelu(self.dense(x))  # exact (erf) GELU, as BERT's "gelu"


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = Attention(c)
        self.intermediate = Intermediate(c)
        self.output = DenseLayerNorm(c["intermediate_size"], c)

    def forward(self, x, ext_mask):
        a = self.attention(x, ext_mask)
        return self.output(self.intermediate(a), a)


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([Layer(c) for _ in range(c["num_hidden_layers"])])

    def forward(self, x, ext_mask):
        for layer in self.layer:
            x = layer(x, ext_mask)
        return x


class Bert(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = Embeddings(c)
        self.encoder = Encoder(c)

    def forward(self, input_ids, attention_mask, token_type_ids):
        ext = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * MASK_NEG
        return self.encoder(self.embeddings(input_ids, token_type_ids), ext)


class Transform(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = Linear(c["hidden_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, x):
        return self.LayerNorm(F.gelu(self.dense(x)))


class Predictions(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.transform = Transform(c)
        self.bias = nn.Parameter(torch.zeros(c["vocab_size"]))


class Heads(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.predictions = Predictions(c)


class BertForMaskedLM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.config = c
        self.bert = Bert(c)
        self.cls = Heads(c)
        with torch.no_grad():
            self.bert.embeddings.word_embeddings.weight.normal_(0.0, 0.02)
            self.bert.embeddings.word_embeddings.weight[c["pad_token_id"]].zero_()
            self.bert.embeddings.position_embeddings.weight.normal_(0.0, 0.02)
            self.bert.embeddings.token_type_embeddings.weight.normal_(0.0, 0.02)

    def mlm_logits(self, hidden):
        h = self.cls.predictions.transform(hidden)
        # decoder tied to the word embeddings: logits = h @ E^T + b
        return torch.matmul(h, self.bert.embeddings.word_embeddings.weight.t()) + self.cls.predictions.bias

    def forward(self, input_ids, attention_mask, token_type_ids, positions=None):
        """Logits [batch, seq, vocab]; with `positions` (int64 [batch, k]) only the logits of
        those positions, [batch, k, vocab] (cheaper for training)."""
        hidden = self.bert(input_ids, attention_mask, token_type_ids)
        if positions is not None:
            hidden = torch.gather(hidden, 1, positions[:, :, None].expand(-1, -1, hidden.shape[-1]))
        return self.mlm_logits(hidden)

    def encoder_linears(self):
        """(name, Linear) for the 6 Linear layers of every encoder layer."""
        out = []
        for i, l in enumerate(self.bert.encoder.layer):
            sa = getattr(l.attention, "self")
            for n, m in (("query", sa.query), ("key", sa.key), ("value", sa.value),
                         ("attention.output.dense", l.attention.output.dense),
                         ("intermediate.dense", l.intermediate.dense), ("output.dense", l.output.dense)):
                out.append((f"bert.encoder.layer.{i}.{n}", m))
        return out


def default_config(vocab_size):
    return {
        "architectures": ["BertForMaskedLM"],
        "model_type": "bert",
        "vocab_size": vocab_size,
        "hidden_size": 192,
        "num_hidden_layers": 4,
        "num_attention_heads": 4,
        "intermediate_size": 768,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": 128,
        "type_vocab_size": 2,
        "initializer_range": 0.02,
        "layer_norm_eps": 1e-12,
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "tie_word_embeddings": True,
        "torch_dtype": "float32",
    }
