<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>FillInDialog</name>
    <message><source>Fill in the reply</source><translation>填写回复内容</translation></message>
    <message><source>This reply needs a few details. Enter moves to the next field.</source><translation>这条回复需要填写几项内容，按回车跳到下一项。</translation></message>
    <message><source>Paste</source><translation>粘贴</translation></message>
    <message><source>Cancel</source><translation>取消</translation></message>
    <message><source>Product</source><translation>商品</translation></message>
    <message><source>Which product? Type its name, pinyin or item id; ↑/↓ choose</source><translation>哪个商品？输入名称、拼音或商品ID，↑/↓ 选择</translation></message>
</context>
</TS>
