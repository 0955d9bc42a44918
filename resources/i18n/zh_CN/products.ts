<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ProductCardHtml</name>
    <message><source>Pairings</source><translation>搭配</translation></message>
    <message><source>Substitutes</source><translation>替代</translation></message>
    <message><source>Item id</source><translation>商品ID</translation></message>
    <message><source>Notes</source><translation>备注</translation></message>
    <message><source>Link</source><translation>链接</translation></message>
    <message><source>… {n} more fields</source><translation>… 另有 {n} 项</translation></message>
</context>
<context>
    <name>ProductCardView</name>
    <message><source>Pairings (sell together)</source><translation>搭配（一起买更划算）</translation></message>
    <message><source>Substitutes (when out of stock)</source><translation>替代（缺货时推荐）</translation></message>
    <message><source>No related products yet.</source><translation>还没有关联商品。</translation></message>
    <message><source>Reason to add (optional)</source><translation>推荐语（可不填）</translation></message>
    <message><source>Recommend (Ctrl+R)</source><translation>推荐 (Ctrl+R)</translation></message>
    <message><source>Paste a recommendation into the chat: on a related row it recommends that product with its note</source><translation>把推荐话术粘贴到聊天框；选中关联商品时推荐该商品并带上推荐理由</translation></message>
    <message><source>Edit… (F2)</source><translation>编辑… (F2)</translation></message>
    <message><source>Enter opens this product; Ctrl+R recommends it</source><translation>回车打开该商品；Ctrl+R 推荐它</translation></message>
    <message><source>Choose a product to see its card.</source><translation>选择一个商品查看商品卡片。</translation></message>
</context>
<context>
    <name>KnowledgeEditor</name>
    <message><source>&amp;Add field</source><translation>添加字段(&amp;A)</translation></message>
    <message><source>&amp;Remove</source><translation>删除(&amp;R)</translation></message>
    <message><source>Move &amp;up</source><translation>上移(&amp;U)</translation></message>
    <message><source>Move do&amp;wn</source><translation>下移(&amp;W)</translation></message>
    <message><source>Common fields: 材质 尺码 规格 颜色 洗涤 卖点 产地 常见问题</source><translation>常用字段：材质 尺码 规格 颜色 洗涤 卖点 产地 常见问题</translation></message>
    <message><source>Field</source><translation>字段</translation></message>
    <message><source>Value</source><translation>内容</translation></message>
</context>
<context>
    <name>ProductEditDialog</name>
    <message><source>The id= number in the item link</source><translation>商品链接里 id= 后面的数字</translation></message>
    <message><source>e.g. 爆款、纯棉、夏季</source><translation>例如 爆款、纯棉、夏季</translation></message>
    <message><source>&amp;Title</source><translation>标题(&amp;T)</translation></message>
    <message><source>&amp;Item id</source><translation>商品ID(&amp;I)</translation></message>
    <message><source>&amp;Price (¥)</source><translation>价格 ¥(&amp;P)</translation></message>
    <message><source>&amp;Link</source><translation>链接(&amp;L)</translation></message>
    <message><source>Ta&amp;gs</source><translation>标签(&amp;G)</translation></message>
    <message><source>&amp;Notes</source><translation>备注(&amp;N)</translation></message>
    <message><source>Product</source><translation>商品</translation></message>
    <message><source>Knowledge</source><translation>商品知识</translation></message>
    <message><source>Related products</source><translation>关联商品</translation></message>
    <message><source>Edit product</source><translation>编辑商品</translation></message>
    <message><source>New product</source><translation>新建商品</translation></message>
    <message><source>Products are team data: only a lead may change them.</source><translation>商品属于团队数据，只有主管可以修改。</translation></message>
    <message><source>A product needs a title.</source><translation>商品需要标题。</translation></message>
    <message><source>Every knowledge field needs a name (材质, 尺码 …).</source><translation>每个商品知识字段都需要名称（材质、尺码 …）。</translation></message>
    <message><source>The price %1 is not a number, e.g. 89.00</source><translation>价格 %1 不是数字，请写成 89.00 这样</translation></message>
    <message><source>The item id %1 already belongs to 「%2」.</source><translation>商品ID %1 已属于「%2」。</translation></message>
</context>
<context>
    <name>LinkCard</name>
    <message><source>Copied product link</source><translation>复制的商品链接</translation></message>
    <message><source>Hide (Esc)</source><translation>隐藏 (Esc)</translation></message>
    <message><source>Open card</source><translation>打开商品卡片</translation></message>
    <message><source>Recommend</source><translation>推荐</translation></message>
</context>
<context>
    <name>QuizDialog</name>
    <message><source>Product self-test</source><translation>商品知识自测</translation></message>
    <message><source>All products</source><translation>全部商品</translation></message>
    <message><source>&amp;Start</source><translation>开始(&amp;S)</translation></message>
    <message><source>&amp;Questions</source><translation>题数(&amp;Q)</translation></message>
    <message><source>&amp;Tags</source><translation>标签(&amp;T)</translation></message>
    <message><source>&amp;Next (Enter)</source><translation>下一题 (回车)(&amp;N)</translation></message>
    <message><source>&amp;Open in products</source><translation>在商品窗口打开(&amp;O)</translation></message>
    <message><source>Score history</source><translation>成绩记录</translation></message>
    <message><source>Not enough product knowledge for questions with these tags.</source><translation>所选标签下的商品知识不够出题，请换个标签或选全部商品。</translation></message>
    <message><source>Correct!</source><translation>答对了！</translation></message>
    <message><source>all products</source><translation>全部商品</translation></message>
    <message><source>Not quite. The answer is: %1</source><translation>答错了，正确答案是：%1</translation></message>
    <message><source>Your score: %1 of %2</source><translation>本次得分：%1 / %2</translation></message>
    <message><source>Question %1 of %2 · score %3</source><translation>第 %1 / %2 题 · 得分 %3</translation></message>
    <message><source>What is the %2 of “%1”?</source><translation>「%1」的%2是？</translation></message>
    <message><source>What is “%1” made of?</source><translation>「%1」的材质是？</translation></message>
    <message><source>What fabric is “%1” made of?</source><translation>「%1」的面料是？</translation></message>
    <message><source>What is “%1” filled with?</source><translation>「%1」的填充物是？</translation></message>
    <message><source>Which colours does “%1” come in?</source><translation>「%1」有哪些颜色？</translation></message>
    <message><source>How should “%1” be washed and cared for?</source><translation>「%1」应该怎么洗护？</translation></message>
    <message><source>What are the main selling points of “%1”?</source><translation>「%1」的主要卖点是？</translation></message>
    <message><source>Where is “%1” made?</source><translation>「%1」的产地是？</translation></message>
    <message><source>Which sizes does “%1” come in, and how to choose?</source><translation>「%1」有哪些尺码，怎么选？</translation></message>
    <message><source>Which variants does “%1” come in?</source><translation>「%1」有哪些规格？</translation></message>
    <message><source>Who is “%1” for?</source><translation>「%1」适合哪些人？</translation></message>
</context>
<context>
    <name>RelationsEditor</name>
    <message><source>Pairing</source><translation>搭配</translation></message>
    <message><source>Substitute</source><translation>替代</translation></message>
    <message><source>Type part of a title or an item id</source><translation>输入标题的一部分或商品ID</translation></message>
    <message><source>Note, e.g. 同色系，整套更显高级</source><translation>推荐理由，例如 同色系，整套更显高级</translation></message>
    <message><source>&amp;Add</source><translation>添加(&amp;A)</translation></message>
    <message><source>&amp;Remove</source><translation>删除(&amp;R)</translation></message>
    <message><source>Move &amp;up</source><translation>上移(&amp;U)</translation></message>
    <message><source>Move do&amp;wn</source><translation>下移(&amp;W)</translation></message>
    <message><source>Substitutes work both ways (also add/remove the reverse substitute)</source><translation>替代关系双向生效（同时添加/删除对方的替代关系）</translation></message>
    <message><source>Kind</source><translation>类型</translation></message>
    <message><source>Product</source><translation>商品</translation></message>
    <message><source>Note (why recommend it)</source><translation>推荐理由</translation></message>
    <message><source>A product cannot be related to itself; choose another product.</source><translation>商品不能关联自己，请选择其他商品。</translation></message>
    <message><source>Choose the product from the list (type part of its title or item id).</source><translation>请从列表中选择商品（输入标题的一部分或商品ID）。</translation></message>
    <message><source>「%1」 is already listed as %2.</source><translation>「%1」已经是%2商品了。</translation></message>
</context>
<context>
    <name>TagFilter</name>
    <message><source>&amp;Tags</source><translation>标签(&amp;T)</translation></message>
    <message><source>Clear</source><translation>清除</translation></message>
    <message><source>Show all products (Ctrl+Backspace)</source><translation>显示全部商品 (Ctrl+Backspace)</translation></message>
    <message><source>%1 products carry this tag</source><translation>共 %1 个商品有这个标签</translation></message>
</context>
<context>
    <name>ImportDialog</name>
    <message><source>Import products</source><translation>导入商品</translation></message>
    <message><source>A .json, .csv or .xlsx file of products</source><translation>商品文件（.json、.csv 或 .xlsx）</translation></message>
    <message><source>&amp;Browse…</source><translation>浏览…(&amp;B)</translation></message>
    <message><source>&amp;Preview</source><translation>预览(&amp;P)</translation></message>
    <message><source>Preview first: nothing is written until you press Import.</source><translation>请先预览：按下“导入”之前不会写入任何内容。</translation></message>
    <message><source>&amp;Import</source><translation>导入(&amp;I)</translation></message>
    <message><source>The file cannot be imported; fix these problems first (nothing was written).</source><translation>文件无法导入，请先修正以下问题（没有写入任何内容）。</translation></message>
    <message><source>Nothing is written until you press Import.</source><translation>按下“导入”之前不会写入任何内容。</translation></message>
    <message><source>Reading %1…</source><translation>正在读取 %1…</translation></message>
    <message><source>Importing %1…</source><translation>正在导入 %1…</translation></message>
    <message><source>New: %1 · Changed: %2 · Unchanged: %3 · Relations: %4</source><translation>新增 %1 · 修改 %2 · 不变 %3 · 关联 %4</translation></message>
</context>
<context>
    <name>ProductExport</name>
    <message><source>Export products</source><translation>导出商品</translation></message>
    <message><source>Exporting…</source><translation>正在导出…</translation></message>
</context>
<context>
    <name>ProductsWindow</name>
    <message><source>Products — Sidekick</source><translation>商品 — Sidekick</translation></message>
    <message><source>Search title, pinyin, tag or item id (Ctrl+F)</source><translation>搜索标题、拼音、标签或商品ID (Ctrl+F)</translation></message>
    <message><source>New (Ctrl+N)</source><translation>新建 (Ctrl+N)</translation></message>
    <message><source>Import…</source><translation>导入…</translation></message>
    <message><source>Export…</source><translation>导出…</translation></message>
    <message><source>Self-test (Ctrl+T)</source><translation>知识自测 (Ctrl+T)</translation></message>
    <message><source>&amp;List</source><translation>商品列表(&amp;L)</translation></message>
    <message><source>Delete product</source><translation>删除商品</translation></message>
    <message><source>Read-only: products are team data that only a lead may change.</source><translation>只读：商品属于团队数据，只有主管可以修改。</translation></message>
    <message><source>%1 products</source><translation>%1 个商品</translation></message>
    <message><source>Recommended: %1</source><translation>已推荐：%1</translation></message>
    <message><source>Delete 「%1」? Relations pointing at it are removed too.</source><translation>删除「%1」？指向它的关联也会一并删除。</translation></message>
    <message><source>Export products</source><translation>导出商品</translation></message>
    <message><source>Saved: %1</source><translation>已保存：%1</translation></message>
    <message><source>Imported: %1 new, %2 changed</source><translation>已导入：新增 %1，修改 %2</translation></message>
    <message><source>Exported %1 products to %2</source><translation>已导出 %1 个商品到 %2</translation></message>
</context>
<context>
    <name>ProductModel</name>
    <message><source>Title</source><translation>标题</translation></message>
    <message><source>Item id</source><translation>商品ID</translation></message>
    <message><source>Price</source><translation>价格</translation></message>
    <message><source>Tags</source><translation>标签</translation></message>
</context>
</TS>
